import { isBacklotError } from '../errors/backlot-error.js'
import { NonRetriableError, RetryAfterError } from '../errors/control-flow.js'
import { serializeError } from '../errors/serialize.js'
import { parseDuration } from '../model/duration.js'
import type { AttemptError } from './types.js'

// Errors that would fail the same way on every attempt: retrying them only wastes time.
const DETERMINISTIC_CODES = new Set(['NOT_SERIALIZABLE', 'INVALID_PAYLOAD', 'INVALID_STEP', 'UNKNOWN_TASK', 'INVALID_DURATION', 'INVALID_OPTION'])

/** Classifies what a handler threw: retriable or not, and when the next attempt may start. */
export function toAttemptError(error: unknown, now: number): AttemptError {
  const out: AttemptError = { ...serializeError(error), retriable: true }
  if (NonRetriableError.is(error)) out.retriable = false
  else if (isBacklotError(error) && DETERMINISTIC_CODES.has((error as { code: string }).code)) {
    out.retriable = false
  } else if (RetryAfterError.is(error)) {
    const r = error.retryAfter
    out.retryAt = r instanceof Date ? r.getTime() : now + safeDuration(r)
  }
  return out
}

/** An error worth trying the step again for right now: not one that would fail the same way, nor a RetryAfterError. */
export function retriableAtOnce(error: unknown): boolean {
  const classified = toAttemptError(error, 0)
  return classified.retriable && classified.retryAt === undefined
}

function safeDuration(value: number | string): number {
  try {
    return parseDuration(value)
  } catch {
    return 0
  }
}
