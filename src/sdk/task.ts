import { ValidationError } from '../errors/input-errors.js'
import { parseDuration } from '../model/duration.js'
import type { Jsonified } from '../model/json.js'
import { resolveRetryPolicy, type RetryPolicy } from './retry-options.js'
import { currentRunScope } from './run-scope.js'
import { checkPayload } from './payload.js'
import { registerGlobalTask } from './registry.js'
import type { PayloadSchema, RunHandle, TaskContext, TaskOptions, TriggerOptions } from './types.js'
import { getTransport } from './config.js'
import { awaitResult, makeHandle } from './handle.js'

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

/** The payload type of a `run` function: `void` when it declares no parameter. */
export type RunPayload<F> = F extends (...args: infer A) => unknown ? (A extends [] ? void : A[0]) : never

export interface TaskConfig<P, R> extends TaskOptions {
  id: string
  run: (payload: P, ctx: TaskContext) => Promise<R> | R
}

export interface SchemaTaskConfig<S extends PayloadSchema, R> extends TaskOptions {
  id: string
  schema: S
  run: (payload: NonNullable<S['_output']>, ctx: TaskContext) => Promise<R> | R
}

/**
 * Defines a task. Two forms, one per seed:
 *
 * @example
 * // seed 000: payload type inferred from `run` (or from a zod `schema`)
 * export const sendEmail = task({
 *   id: 'send-email',
 *   run: async ({ to }: { to: string }) => ({ sent: true }),
 * })
 * // seed 002: name, handler(ctx, payload), options
 * export const sendEmail2 = task('send-email-2', async (ctx, { id }: { id: string }) => {
 *   ctx.log(`Sent ${id}`)
 * }, { retries: 2, timeout: '15s' })
 */
export function task<S extends PayloadSchema, R>(config: SchemaTaskConfig<S, R>): Task<NonNullable<S['_input']>, R>
// `run` is inferred whole, so its payload parameter is contextually typed: seed 000's
// `run: async ({ to, subject }, { step }) => ...` compiles as written (its payload is `any`),
// while `run: async () => ...` still gives a task that triggers with no payload.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function task<F extends (payload: any, ctx: TaskContext) => unknown>(config: TaskOptions & { id: string; run: F }): Task<RunPayload<F>, Awaited<ReturnType<F>>>
export function task<P = void, R = unknown>(
  name: string,
  handler: (ctx: TaskContext, payload: P) => Promise<R> | R,
  options?: TaskOptions,
): Task<P, R>
export function task(
  configOrName: TaskConfig<unknown, unknown> | SchemaTaskConfig<PayloadSchema, unknown> | string,
  handler?: (ctx: TaskContext, payload: unknown) => unknown,
  options?: TaskOptions,
): AnyTask {
  if (typeof configOrName === 'string') {
    if (typeof handler !== 'function') {
      throw new ValidationError('INVALID_TASK', `Failed to define task "${configOrName}": the handler is missing. Pass task(name, async (ctx, payload) => {...}).`)
    }
    return defineTask({ ...options, id: configOrName, run: (payload, ctx) => handler(ctx, payload) })
  }
  return defineTask(configOrName as Parameters<typeof defineTask>[0])
}

/** Builds the task object shared by `task()` and `cron()`. */
export function defineTask(
  config: TaskOptions & {
    id: string
    run: (payload: unknown, ctx: TaskContext) => unknown
    schema?: PayloadSchema
    cron?: CronSchedule
  },
): AnyTask {
  const { id } = config
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ValidationError('INVALID_TASK', `Failed to define a task: its id is ${JSON.stringify(id)}. Give it a non-empty string id such as 'send-email'.`)
  }
  if (typeof config.run !== 'function') {
    throw new ValidationError('INVALID_TASK', `Failed to define task "${id}": \`run\` is not a function. Pass run: async (payload, ctx) => {...}.`)
  }
  if (config.concurrency !== undefined && !(Number.isInteger(config.concurrency) && config.concurrency >= 1)) {
    throw new ValidationError('INVALID_OPTION', `Failed to define task "${id}": concurrency is ${JSON.stringify(config.concurrency)}; expected a whole number ≥ 1.`)
  }
  const definition: AnyTask = {
    id,
    run: config.run as AnyTask['run'],
    schema: config.schema,
    retry: resolveRetryPolicy(id, config),
    timeoutMs: config.timeout === undefined ? undefined : parseDuration(config.timeout, `timeout of task "${id}"`),
    concurrency: config.concurrency,
    cron: config.cron,
    async trigger(payload, options) {
      const data = checkPayload(definition, payload)
      const scope = currentRunScope()
      if (scope) return scope.trigger(definition, data, options)
      const transport = getTransport()
      const { id: runId } = await transport.trigger(definition, data, options)
      return makeHandle(transport, runId, id)
    },
    async triggerAndWait(payload, options) {
      const data = checkPayload(definition, payload)
      const scope = currentRunScope()
      if (scope) return scope.triggerAndWait(definition, data, options) as never
      const transport = getTransport()
      const { id: runId } = await transport.trigger(definition, data, options)
      return awaitResult(transport, runId, id) as never
    },
    async batchTrigger(items) {
      const entries = items.map((item) =>
        isBatchItem(item) ? { payload: checkPayload(definition, item.payload), options: item.options } : { payload: checkPayload(definition, item) },
      )
      const scope = currentRunScope()
      if (scope) return { runs: entries.map((e) => scope.trigger(definition, e.payload, e.options)) }
      const transport = getTransport()
      const ids = await transport.batchTrigger(definition, entries)
      return { runs: ids.map((r) => makeHandle(transport, r.id, id)) }
    },
  }
  registerGlobalTask(definition)
  return definition
}

function isBatchItem(item: unknown): item is BatchItem<unknown> {
  return typeof item === 'object' && item !== null && 'payload' in item && Object.keys(item).every((k) => k === 'payload' || k === 'options')
}
