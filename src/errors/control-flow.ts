import { BacklotError } from './backlot-error.js'
import { markErrorClass } from './error-marker.js'

/**
 * Throw from a task or step to fail the run at once, with no further attempts.
 *
 * @example
 * if (!user) throw new NonRetriableError(`User ${id} does not exist`)
 */
export class NonRetriableError extends BacklotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NON_RETRIABLE', message, options)
  }

  static is(value: unknown): value is NonRetriableError {
    return value instanceof NonRetriableError
  }
}
markErrorClass(NonRetriableError, 'backlot.NonRetriableError')

/**
 * Throw to retry the attempt at a time of your choosing (a duration from now, or a Date),
 * instead of the task's backoff.
 *
 * @example
 * if (res.status === 429) throw new RetryAfterError('Rate limited', res.headers.get('retry-after') + 's')
 */
export class RetryAfterError extends BacklotError {
  /** Milliseconds from now, a duration string, or an absolute Date. */
  readonly retryAfter: number | string | Date

  constructor(message: string, retryAfter: number | string | Date, options?: { cause?: unknown }) {
    super('RETRY_AFTER', message, options)
    this.retryAfter = retryAfter
  }

  static is(value: unknown): value is RetryAfterError {
    return value instanceof RetryAfterError
  }
}
markErrorClass(RetryAfterError, 'backlot.RetryAfterError')

/**
 * The attempt ran longer than the task's `timeout`. Its `AbortSignal` was aborted; the attempt is retried.
 *
 * @example
 * expect(run.error?.name).toBe('TimeoutError')
 */
export class TimeoutError extends BacklotError {
  readonly timeoutMs: number

  constructor(message: string, timeoutMs: number) {
    super('TIMEOUT', message)
    this.timeoutMs = timeoutMs
  }

  static is(value: unknown): value is TimeoutError {
    return value instanceof TimeoutError
  }
}
markErrorClass(TimeoutError, 'backlot.TimeoutError')
