import { z } from 'zod'
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
  ...RunFilterSchema.shape,
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().min(1).max(500).optional(),
  view: z.enum(['full', 'summary']).default('full'),
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
  nextCursor: z.string().nullable().optional(),
})

export type ListRunsResponse = z.infer<typeof ListRunsResponseSchema>

/**
 * `POST /api/v1/runs/:runId/cancel`: the body is optional.
 *
 * @example
 * CancelRequestSchema.parse({ reason: 'user asked' })
 */
export const CancelRequestSchema = z.strictObject({
  reason: z.string().max(1_000).optional(),
})

export type CancelRequest = z.infer<typeof CancelRequestSchema>

/** `GET /api/v1/runs/:runId?wait=<duration>`: hold the request until the run ends or the wait elapses. */
export const GetRunQuerySchema = z.strictObject({
  wait: z.union([z.coerce.number().finite().nonnegative(), z.string().min(1)]).optional(),
})
