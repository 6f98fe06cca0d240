import * as z from 'zod/mini'
import { RunRecordSchema, RunStatusSchema } from './api-run-record.js'
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './api-version.js'

/**
 * The query of `GET /api/v1/runs`: `taskId`, `status` (comma-separated or repeated),
 * `parentId`, `limit` (1–1000, default 100). Runs come oldest first.
 *
 * @example
 * ListRunsQuerySchema.parse({ taskId: 'send-email', status: ['failed'], limit: '10' })
 */
export const ListRunsQuerySchema = z.strictObject({
  taskId: z.optional(z.string().check(z.minLength(1))),
  status: z.optional(z.array(RunStatusSchema)),
  parentId: z.optional(z.string().check(z.minLength(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_LIST_LIMIT)), DEFAULT_LIST_LIMIT),
})

export type ListRunsQuery = z.infer<typeof ListRunsQuerySchema>

/** Reads the list query from a URL's search params (`status=a,b` and `status=a&status=b` both work). */
export function readListRunsQuery(params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {}
  params.forEach((value, key) => {
    if (key === 'status') raw.status = params.getAll('status').flatMap((s) => s.split(',')).filter((s) => s !== '')
    else raw[key] = value
  })
  return raw
}

/**
 * The answer of `GET /api/v1/runs`.
 *
 * @example
 * const { runs } = ListRunsResponseSchema.parse(await response.json())
 */
export const ListRunsResponseSchema = z.object({
  runs: z.array(RunRecordSchema),
})

export type ListRunsResponse = z.infer<typeof ListRunsResponseSchema>

/**
 * `POST /api/v1/runs/:runId/cancel`: the body is optional.
 *
 * @example
 * CancelRequestSchema.parse({ reason: 'user asked' })
 */
export const CancelRequestSchema = z.strictObject({
  reason: z.optional(z.string().check(z.maxLength(1_000))),
})

export type CancelRequest = z.infer<typeof CancelRequestSchema>

/** `GET /api/v1/runs/:runId?wait=<duration>`: hold the request until the run ends or the wait elapses. */
export const GetRunQuerySchema = z.strictObject({
  wait: z.optional(z.union([z.coerce.number().check(z.nonnegative()), z.string().check(z.minLength(1))])),
})
