import type { RetryPolicy } from '../sdk/retry-options.js'
import type { Random } from '../model/random.js'

/**
 * Delay before retry number `retry` (1 = the first retry), per docs/retries.md:
 *   exponential: minDelay · factor^(retry−1)
 *   linear:      minDelay · retry
 *   fixed:       minDelay
 * capped at maxDelay, then spread by ±jitter·delay from the seeded source (and capped again).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: Random): number {
  const base =
    policy.backoff === 'exponential'
      ? policy.minDelayMs * Math.pow(policy.factor, retry - 1)
      : policy.backoff === 'linear'
        ? policy.minDelayMs * retry
        : policy.minDelayMs
  let delay = Math.min(policy.maxDelayMs, base)
  if (policy.jitter > 0) delay = Math.min(policy.maxDelayMs, delay * (1 + policy.jitter * (2 * random.next() - 1)))
  return Math.max(0, Math.round(delay))
}
