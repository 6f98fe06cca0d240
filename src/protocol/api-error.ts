import { describeIssues } from '../errors/describe-issues.js'
import * as z from 'zod/mini'

/**
 * The body of every error response of the app → platform API: a stable machine-readable
 * `code` and a message that says what was wrong and what to do.
 *
 * @example
 * const body = ErrorBodySchema.parse(await response.json())
 * console.log(body.error.code) // 'RUN_NOT_FOUND'
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1)),
    message: z.string(),
  }),
})

export type ErrorBody = z.infer<typeof ErrorBodySchema>

/** Codes the platform itself answers with (the engine adds its own, e.g. INVALID_PAYLOAD, INVALID_CRON). */
export const API_ERROR_CODES = {
  UNAUTHORIZED: 401,
  PROJECT_MISMATCH: 403,
  NOT_FOUND: 404,
  UNKNOWN_TASK: 404,
  RUN_NOT_FOUND: 404,
  CRON_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RUN_NOT_WAKEABLE: 409,
  CLOCK_NOT_VIRTUAL: 409,
  CLOCK_STUCK: 409,
  FORBIDDEN_ORIGIN: 403,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const

/** Formats zod issues as `path: message; …` for an error message. */
export function describeZodIssues(error: z.core.$ZodError): string {
  return describeIssues(error)
}
