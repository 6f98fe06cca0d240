import { BacklotError } from './backlot-error.js'
import { markErrorClass } from './error-marker.js'

/** How a call from the platform to an app's `serve()` endpoint failed. */
export type AppRequestErrorCode = 'APP_UNREACHABLE' | 'APP_TIMEOUT' | 'APP_ERROR' | 'APP_BAD_RESPONSE'

/**
 * The platform could not get an outcome from the app: it is down, too slow, answered an
 * error status, or answered something that is not an execution response. The attempt fails
 * and the task's retry policy decides what happens next.
 *
 * @example
 * expect(run.events.find((e) => e.type === 'attempt.failed')?.error.code).toBe('APP_UNREACHABLE')
 */
export class AppRequestError extends BacklotError {
  declare readonly code: AppRequestErrorCode
  /** The HTTP status the app answered with, when it answered. */
  readonly status?: number

  constructor(code: AppRequestErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.status !== undefined) this.status = options.status
  }

  static is(value: unknown): value is AppRequestError {
    return value instanceof AppRequestError
  }
}
markErrorClass(AppRequestError, 'backlot.AppRequestError')
