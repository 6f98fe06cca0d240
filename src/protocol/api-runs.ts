import * as z from 'zod/mini'
import { RunRecordSchema } from './api-run-record.js'
import { RunFilterSchema } from './api-run-query.js'
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './api-version.js'

/**
 * The query of `GET /api/v1/runs`: the filters of `RunFilterSchema` (`taskId`, `status`
 * comma-separated or repeated, `parentId`, `cron`, `idempotencyKey`, `q`, `from`, `to`),
 * `limit` (1–1000, default 100), `order` (`asc`, the default: oldest first; or `desc`),
 * `cursor` (the `nextCursor` of the previous page) and `view` (`full` records, the default,
 * or `summary` rows).
 *
 * @example
 * ListRunsQuerySchema.parse({ taskId: 'send-email', status: ['failed'], limit: '10' })
 */
export const ListRunsQuerySchema = z.strictObject({
  ...RunFilterSchema.def.shape,
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_LIST_LIMIT)), DEFAULT_LIST_LIMIT),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  view: z._default(z.enum(['full', 'summary']), 'full'),
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
  /** Pass as `cursor` for the next page; null on the last page (absent from older platforms). */
  nextCursor: z.optional(z.nullable(z.string())),
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
