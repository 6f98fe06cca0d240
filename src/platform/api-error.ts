import { BacklotError, isBacklotError } from '../errors/backlot-error.js'
import { SerializationError, ValidationError } from '../errors/input-errors.js'

/** An error the platform API answers with a given HTTP status and code. */
export class ApiError extends BacklotError {
  readonly status: number
  readonly headers: Record<string, string>

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(code, message)
    this.status = status
    this.headers = headers
  }
}

const NOT_FOUND_CODES = new Set(['UNKNOWN_TASK', 'RUN_NOT_FOUND', 'CRON_NOT_FOUND'])
/** Valid requests the run's current state refuses. */
const CONFLICT_CODES = new Set(['RUN_NOT_WAKEABLE'])

/** The HTTP status, code and message for anything a route threw. */
export function describeFailure(error: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message, headers: error.headers }
  if (isBacklotError(error)) {
    const status = NOT_FOUND_CODES.has(error.code)
      ? 404
      : CONFLICT_CODES.has(error.code)
        ? 409
        : error instanceof ValidationError || error instanceof SerializationError
        ? error.code === 'DISPOSED'
          ? 503
          : 400
        : 500
    return { status, code: error.code, message: error.message, headers: {} }
  }
  const reason = error instanceof Error ? error.message : String(error)
  return { status: 500, code: 'INTERNAL', message: `Failed to handle the request: ${reason}. Retry later; if it persists, report it with the platform's logs.`, headers: {} }
}
