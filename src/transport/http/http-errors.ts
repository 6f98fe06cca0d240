import { BacklotError } from '../../errors/backlot-error.js'
import { markErrorClass } from '../../errors/error-marker.js'
import { RunNotFoundError, UnknownTaskError, ValidationError } from '../../errors/input-errors.js'
import { ErrorBodySchema } from '../../protocol/api-error.js'

/**
 * The platform refused the credentials: a wrong or missing secret key (401), or a project
 * ref it does not serve (403). The message is the platform's.
 *
 * @example
 * try { await getTask(config, id) } catch (e) { if (AuthenticationError.is(e)) console.error('Check BACKLOT_SECRET_KEY') }
 */
export class AuthenticationError extends BacklotError {
  readonly status: number

  constructor(code: string, message: string, status: number) {
    super(code, message)
    this.status = status
  }

  static is(value: unknown): value is AuthenticationError {
    return value instanceof AuthenticationError
  }
}
markErrorClass(AuthenticationError, 'backlot.AuthenticationError')

/**
 * The platform could not be reached (`code: 'NETWORK'`, status 0), or answered with an error
 * that has no more specific class (5xx after the retries, 405, ...).
 *
 * @example
 * try { await sendEmail.trigger(p) } catch (e) { if (PlatformError.is(e) && e.status >= 500) alertOps(e) }
 */
export class PlatformError extends BacklotError {
  readonly status: number

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(code, message, options)
    this.status = status
  }

  static is(value: unknown): value is PlatformError {
    return value instanceof PlatformError
  }
}
markErrorClass(PlatformError, 'backlot.PlatformError')

/** What the client was doing, to rebuild errors that carry an id. */
export interface CallContext {
  what: string
  taskId?: string
  runId?: string
}

/**
 * Turns an error response into the typed error the memory transport would throw for the same
 * mistake, carrying the platform's code and message.
 */
export function errorFromResponse(status: number, text: string, call: CallContext): BacklotError {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  const parsed = ErrorBodySchema.safeParse(body)
  const code = parsed.success ? parsed.data.error.code : `HTTP_${status}`
  const message = parsed.success
    ? parsed.data.error.message
    : `Failed to ${call.what}: the platform answered ${status} without an error body${text ? ` (${text.slice(0, 200)})` : ''}. Check that BACKLOT_BASE_URL points at a backlot platform.`
  if (status === 401 || status === 403) return new AuthenticationError(code, message, status)
  if (code === 'UNKNOWN_TASK') return withMessage(new UnknownTaskError(call.taskId ?? '', []), message)
  if (code === 'RUN_NOT_FOUND') return withMessage(new RunNotFoundError(call.runId ?? ''), message)
  if (status === 400 || status === 413 || status === 422) return new ValidationError(code, message)
  if (status === 404 && code !== 'NOT_FOUND') return new BacklotError(code, message)
  return new PlatformError(code, message, status)
}

function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message
  return error
}
