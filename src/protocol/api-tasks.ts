import { z } from 'zod'
import { ManifestTaskSchema } from './manifest.js'

/**
 * A task as the platform knows it (`GET /api/v1/tasks`): the manifest entry (retry, timeout,
 * concurrency, cron schedule, JSON Schema of the payload) and where its code runs.
 *
 * @example
 * const { tasks } = ListTasksResponseSchema.parse(await response.json())
 */
export const TaskConfigSchema = ManifestTaskSchema.extend({
  /** `in-process`: the handler runs in the platform's process; `app`: it is reached over HTTP. */
  source: z.enum(['in-process', 'app']),
})

export type TaskConfig = z.infer<typeof TaskConfigSchema>

export const ListTasksResponseSchema = z.object({
  tasks: z.array(TaskConfigSchema),
})

/**
 * `GET /api/v1/tasks/:taskId/stats?minutes=60`: runs created per minute by status over the
 * last `minutes` (1–1,440) of the engine's clock, and p50 / p95 duration of the ended ones.
 */
export const TaskStatsQuerySchema = z.strictObject({
  minutes: z.coerce.number().int().min(1).max(1_440).default(60),
})

export const TaskStatsSchema = z.object({
  taskId: z.string(),
  /** Start of the first bucket (ISO). */
  from: z.string(),
  /** One bucket per minute, oldest first: runs created in it, by their status now. */
  perMinute: z.array(z.object({ at: z.string(), pending: z.number(), running: z.number(), completed: z.number(), failed: z.number(), cancelled: z.number() })),
  /** Durations (ms, start to end) of the runs in the window that ended. */
  duration: z.object({ count: z.number().int(), p50: z.number().nullable(), p95: z.number().nullable() }),
})

export type TaskStats = z.infer<typeof TaskStatsSchema>
