import type { Engine } from '../engine/engine.js'
import { UnknownTaskError, ValidationError } from '../errors/input-errors.js'
import { ReplayRequestSchema } from '../protocol/api-run-query.js'
import { BatchTriggerRequestSchema, fromWireTriggerOptions, TriggerRequestSchema, type WireTriggerOptions } from '../protocol/api-trigger.js'
import { resolveDelay } from '../engine/trigger-options.js'
import { parseWait } from '../model/time-limits.js'
import { checkPayload } from '../sdk/payload.js'
import type { TriggerOptions } from '../sdk/types.js'
import type { RouteContext } from './context.js'
import { readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'

/** `POST /tasks/:taskId/trigger` → 201 `{ id, taskId, deduplicated: false }`, or 200 for a live idempotency key. */
export async function triggerRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, TriggerRequestSchema, ctx.maxBodyBytes, true)
  const taskId = ctx.params.taskId!
  const run = triggerTracked(ctx.engine, taskId, body.payload, wireOptions(taskId, body.options))
  return jsonResponse(run.deduplicated ? 200 : 201, run)
}

/** `POST /tasks/:taskId/batch` → 201 `{ runs }`. Every item is checked before any run is created. */
export async function batchRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, BatchTriggerRequestSchema, ctx.maxBodyBytes)
  const taskId = ctx.params.taskId!
  const task = ctx.engine.findTask(taskId)
  if (!task) throw new UnknownTaskError(taskId, ctx.engine.taskIds())
  const now = ctx.engine.clock.now()
  const items = body.items.map((item, index) => {
    let options: TriggerOptions
    try {
      options = wireOptions(taskId, item.options)
      checkPayload(task, item.payload)
      precheckOptions(taskId, options, now)
    } catch (error) {
      const e = error as ValidationError
      throw new ValidationError(e.code ?? 'INVALID_REQUEST', `Failed to trigger batch item ${index} of task "${taskId}": ${e.message}`, { cause: error })
    }
    return { payload: item.payload, options }
  })
  const runs = items.map((item) => triggerTracked(ctx.engine, taskId, item.payload, item.options))
  return jsonResponse(201, { runs })
}

/**
 * `POST /runs/:runId/replay` (optional body `{ payload }`) → 201 `{ id, taskId }`: a new run of
 * the same task with the same payload, or with the edited `payload` given.
 */
export async function replayRoute(ctx: RouteContext): Promise<Response> {
  const original = ctx.engine.getRun(ctx.params.runId!)
  const body = await readJsonBody(ctx.request, ReplayRequestSchema, ctx.maxBodyBytes, true)
  const payload = 'payload' in body ? body.payload : original.payload
  const run = triggerTracked(ctx.engine, original.taskId, payload, {})
  return jsonResponse(201, run)
}

/** Triggers and tells whether a new run was made or a live idempotency key returned an old one. */
export function triggerTracked(engine: Engine, taskId: string, payload: unknown, options: TriggerOptions): { id: string; taskId: string; deduplicated: boolean } {
  let created: string | undefined
  const off = engine.subscribe((event) => {
    if (event.type === 'run.triggered') created ??= event.runId
  })
  try {
    const run = engine.trigger(taskId, payload, options)
    return { id: run.id, taskId: run.taskId, deduplicated: created !== run.id }
  } finally {
    off()
  }
}

/** Wire options → trigger options; `delay` and `delayUntil` together are refused (which would win is a guess). */
function wireOptions(taskId: string, wire: WireTriggerOptions | undefined): TriggerOptions {
  if (wire?.delay !== undefined && wire.delayUntil !== undefined) {
    throw new ValidationError('INVALID_OPTION', `Failed to trigger task "${taskId}": options has both delay (${JSON.stringify(wire.delay)}) and delayUntil (${JSON.stringify(wire.delayUntil)}). Pass one of them: delay for a duration from now, delayUntil for a point in time.`)
  }
  return fromWireTriggerOptions(wire)
}

/** The checks the engine's trigger makes on options, run on every batch item before any run is created. */
function precheckOptions(taskId: string, options: TriggerOptions, now: number): void {
  resolveDelay(taskId, options.delay, now)
  if (options.idempotencyKeyTTL !== undefined) parseWait(options.idempotencyKeyTTL, 'idempotencyKeyTTL')
}
