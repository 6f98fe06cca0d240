import * as z from 'zod/mini'
import { RunRecordSchema, RunStatusSchema } from './api-run-record.js'

/** Most runs one bulk cancel by filter ends; `more: true` says to call again. */
export const MAX_BULK_CANCEL = 10_000

function toMs(value: number | string): number {
  return typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value)
}

/** An ISO time or epoch milliseconds, as a number of epoch ms. */
export const TimeSchema = z.pipe(
  z.union([z.number(), z.string().check(z.minLength(1))]).check(
    z.refine((value) => Number.isFinite(toMs(value)), { message: 'not a time; pass an ISO time such as 2026-01-01T09:00:00Z or epoch milliseconds' }),
  ),
  z.transform(toMs),
)

/**
 * What selects runs, for listing and for bulk cancel: task, statuses, parent, cron, idempotency
 * key, `q` (part of the run id) and a creation time range `[from, to)`.
 *
 * @example
 * RunFilterSchema.parse({ taskId: 'send-email', status: ['failed'], from: '2026-01-01T00:00:00Z' })
 */
export const RunFilterSchema = z.strictObject({
  taskId: z.optional(z.string().check(z.minLength(1))),
  status: z.optional(z.array(RunStatusSchema)),
  parentId: z.optional(z.string().check(z.minLength(1))),
  cron: z.optional(z.string().check(z.minLength(1))),
  idempotencyKey: z.optional(z.string().check(z.minLength(1))),
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  from: z.optional(TimeSchema),
  to: z.optional(TimeSchema),
})

export type RunFilterQuery = z.infer<typeof RunFilterSchema>

/**
 * A run as the runs table shows it: no payload, result, steps or logs.
 *
 * @example
 * const { runs } = ListRunSummariesResponseSchema.parse(await response.json())
 */
export const RunSummarySchema = z.extend(
  z.pick(RunRecordSchema, { id: true, taskId: true, status: true, createdAt: true, startedAt: true, completedAt: true, attempts: true, parentId: true, cron: true, idempotencyKey: true }),
  {
    childCount: z.int().check(z.nonnegative()),
    /** What a pending or suspended run waits for (`sleep`, `delay`, `retry`, …), and until when. */
    waitingFor: z.nullable(z.object({ kind: z.string(), until: z.optional(z.string()) })),
    /** The error's name and message of a failed run (or of the last failed attempt). */
    error: z.nullable(z.object({ name: z.string(), message: z.string() })),
  },
)

export type RunSummary = z.infer<typeof RunSummarySchema>

/** The answer of `GET /api/v1/runs?view=summary`. `nextCursor` is null on the last page. */
export const ListRunSummariesResponseSchema = z.object({
  runs: z.array(RunSummarySchema),
  nextCursor: z.nullable(z.string()),
})

export type ListRunSummariesResponse = z.infer<typeof ListRunSummariesResponseSchema>

/**
 * `POST /api/v1/runs/cancel`: cancels many runs, given by id (at most 1,000) or by a filter
 * (at most 10,000 per call). Exactly one of `ids` and `filter`.
 *
 * @example
 * BulkCancelRequestSchema.parse({ ids: ['run_1', 'run_2'], reason: 'bad deploy' })
 */
export const BulkCancelRequestSchema = z
  .strictObject({
    ids: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(1_000))),
    filter: z.optional(RunFilterSchema),
    reason: z.optional(z.string().check(z.maxLength(1_000))),
  })
  .check(z.refine((b) => (b.ids === undefined) !== (b.filter === undefined), { message: 'give exactly one of `ids` and `filter`' }))

export type BulkCancelRequest = z.infer<typeof BulkCancelRequestSchema>

/**
 * The answer of a bulk cancel: the runs it ended, those that had already ended, the ids no run
 * has, and whether a filter matched more runs than one call cancels.
 */
export const BulkCancelResponseSchema = z.object({
  cancelled: z.array(z.string()),
  alreadyEnded: z.array(z.string()),
  notFound: z.array(z.string()),
  more: z.boolean(),
})

export type BulkCancelResponse = z.infer<typeof BulkCancelResponseSchema>

/**
 * `POST /api/v1/runs/:runId/replay`: an optional body; with `payload`, the new run gets that
 * payload instead of the original's (the dashboard's "Rerun with edited payload").
 *
 * @example
 * ReplayRequestSchema.parse({ payload: { to: 'other@b.c' } })
 */
export const ReplayRequestSchema = z.strictObject({
  payload: z.optional(z.unknown()),
})
