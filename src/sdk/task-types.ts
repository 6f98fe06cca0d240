import type { Jsonified } from '../model/json.js'
import type { RetryPolicy } from './retry-options.js'
import type { PayloadSchema, RunHandle, TaskContext, TriggerOptions } from './types.js'

/** A declared cron schedule (seed 002's `cron(name, schedule, handler)`). */
export interface CronSchedule {
  schedule: string
  timezone?: string
}

/**
 * A task: its definition (id, handler, policy) and the calls that start runs of it.
 * `P` is the payload type, `R` what the handler returns.
 */
export interface Task<P = unknown, R = unknown> {
  readonly id: string
  /** The handler, in seed 000's order: payload first, context second. */
  readonly run: (payload: P, ctx: TaskContext) => Promise<R> | R
  readonly schema?: PayloadSchema
  readonly retry: RetryPolicy
  readonly timeoutMs?: number
  readonly concurrency?: number
  readonly cron?: CronSchedule
  /** Starts a run and returns at once with its handle. */
  trigger(payload: P, options?: TriggerOptions): Promise<RunHandle<R>>
  /** Starts a run and resolves with its result; a failed or cancelled run throws. */
  triggerAndWait(payload: P, options?: TriggerOptions): Promise<Jsonified<R>>
  /** Starts one run per payload. */
  batchTrigger(items: readonly (P | BatchItem<P>)[]): Promise<{ runs: RunHandle<R>[] }>
}

/** A batch entry with its own trigger options. */
export interface BatchItem<P> {
  payload: P
  options?: TriggerOptions
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask = Task<any, any>

// `any` in the position not inferred: Task is invariant in P (run takes it, trigger takes it),
// so `Task<unknown, infer R>` would match no task with a payload.
/** The payload type a task accepts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskPayload<T> = T extends Task<infer P, any> ? P : never
/** The result type a task's runs end with, after the JSON round trip. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskResult<T> = T extends Task<any, infer R> ? Jsonified<R> : never
