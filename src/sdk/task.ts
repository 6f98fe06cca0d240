import { ValidationError } from '../errors/input-errors.js'
import { parseDuration } from '../model/duration.js'
import { resolveRetryPolicy } from './retry-options.js'
import { currentRunScope } from './run-scope.js'
import { checkPayload } from './payload.js'
import { registerGlobalTask } from './registry.js'
import type { PayloadSchema, TaskContext, TaskOptions } from './types.js'
import type { AnyTask, BatchItem, CronSchedule, Task } from './task-types.js'
import { getTransport } from './config.js'
import { awaitResult, makeHandle } from './handle.js'

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
