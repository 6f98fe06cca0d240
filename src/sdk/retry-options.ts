import { ValidationError } from '../errors/input-errors.js'
import { parseWait } from '../model/time-limits.js'
import type { RetryOptions, TaskOptions } from './types.js'

/** Retry policy with every default filled in. Documented in docs/retries.md. */
export interface RetryPolicy {
  maxAttempts: number
  backoff: 'exponential' | 'linear' | 'fixed'
  minDelayMs: number
  maxDelayMs: number
  factor: number
  jitter: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  backoff: 'exponential',
  minDelayMs: 1_000,
  maxDelayMs: 3_600_000,
  factor: 2,
  jitter: 0,
}

/** Merges seed 000's `retry` and seed 002's `retries` into one checked policy. */
export function resolveRetryPolicy(taskId: string, options: TaskOptions): RetryPolicy {
  const r: RetryOptions = options.retry ?? {}
  let maxAttempts = r.maxAttempts ?? DEFAULT_RETRY.maxAttempts
  if (options.retries !== undefined) {
    if (!Number.isInteger(options.retries) || options.retries < 0) {
      throw bad(taskId, 'retries', options.retries, 'a whole number ≥ 0 (retries after the first attempt)')
    }
    maxAttempts = options.retries + 1
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw bad(taskId, 'retry.maxAttempts', maxAttempts, 'a whole number ≥ 1 (attempts including the first)')
  }
  const backoff = r.backoff ?? DEFAULT_RETRY.backoff
  if (!['exponential', 'linear', 'fixed'].includes(backoff)) {
    throw bad(taskId, 'retry.backoff', backoff, "'exponential', 'linear' or 'fixed'")
  }
  const factor = r.factor ?? DEFAULT_RETRY.factor
  if (!(factor >= 1)) throw bad(taskId, 'retry.factor', factor, 'a number ≥ 1')
  const jitter = r.jitter ?? DEFAULT_RETRY.jitter
  if (!(jitter >= 0 && jitter <= 1)) throw bad(taskId, 'retry.jitter', jitter, 'a fraction between 0 and 1')
  return {
    maxAttempts,
    backoff,
    factor,
    jitter,
    minDelayMs: r.minDelay === undefined ? DEFAULT_RETRY.minDelayMs : parseWait(r.minDelay, `retry.minDelay of task "${taskId}"`),
    maxDelayMs: r.maxDelay === undefined ? DEFAULT_RETRY.maxDelayMs : parseWait(r.maxDelay, `retry.maxDelay of task "${taskId}"`),
  }
}

function bad(taskId: string, field: string, value: unknown, expected: string): ValidationError {
  return new ValidationError(
    'INVALID_OPTION',
    `Failed to define task "${taskId}": ${field} is ${JSON.stringify(value)}; expected ${expected}.`,
  )
}
