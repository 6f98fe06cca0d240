import * as z from 'zod/mini'
import { ManifestTaskSchema } from './manifest.js'

/**
 * A task as the platform knows it (`GET /api/v1/tasks`): the manifest entry (retry, timeout,
 * concurrency, cron schedule, JSON Schema of the payload) and where its code runs.
 *
 * @example
 * const { tasks } = ListTasksResponseSchema.parse(await response.json())
 */
export const TaskConfigSchema = z.extend(ManifestTaskSchema, {
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
  minutes: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_440)), 60),
})

const count = z.number()

export const TaskStatsSchema = z.object({
  taskId: z.string(),
  /** Start of the first bucket (ISO). */
  from: z.string(),
  /** One bucket per minute, oldest first: runs created in it, by their status now. */
  perMinute: z.array(z.object({ at: z.string(), pending: count, running: count, completed: count, failed: count, cancelled: count })),
  /** Durations (ms, start to end) of the runs in the window that ended. */
  duration: z.object({ count: z.int(), p50: z.nullable(z.number()), p95: z.nullable(z.number()) }),
})

export type TaskStats = z.infer<typeof TaskStatsSchema>
