import type { Engine } from '../engine/engine.js'
import { UnknownTaskError, ValidationError } from '../errors/input-errors.js'
import { ReplayRequestSchema } from '../protocol/api-run-query.js'
import { BatchTriggerRequestSchema, fromWireTriggerOptions, TriggerRequestSchema } from '../protocol/api-trigger.js'
import { parseDuration } from '../sdk/duration.js'
import { checkPayload } from '../sdk/payload.js'
import type { TriggerOptions } from '../sdk/types.js'
import type { RouteContext } from './context.js'
import { readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'

/** `POST /tasks/:taskId/trigger` → 201 `{ id, taskId, deduplicated: false }`, or 200 for a live idempotency key. */
export async function triggerRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, TriggerRequestSchema, ctx.maxBodyBytes, true)
  const run = triggerTracked(ctx.engine, ctx.params.taskId!, body.payload, fromWireTriggerOptions(body.options))
  return jsonResponse(run.deduplicated ? 200 : 201, run)
}

/** `POST /tasks/:taskId/batch` → 201 `{ runs }`. Every item is checked before any run is created. */
export async function batchRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, BatchTriggerRequestSchema, ctx.maxBodyBytes)
  const taskId = ctx.params.taskId!
  const task = ctx.engine.findTask(taskId)
  if (!task) throw new UnknownTaskError(taskId, ctx.engine.taskIds())
  const items = body.items.map((item, index) => {
    const options = fromWireTriggerOptions(item.options)
    try {
      checkPayload(task, item.payload)
      precheckOptions(options)
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

function precheckOptions(options: TriggerOptions): void {
  if (options.delay instanceof Date && Number.isNaN(options.delay.getTime())) {
    throw new ValidationError('INVALID_DURATION', 'the delay is an invalid date. Pass an ISO time such as 2026-01-01T09:00:00Z.')
  }
  if (options.delay !== undefined && !(options.delay instanceof Date)) parseDuration(options.delay, 'delay')
  if (options.idempotencyKeyTTL !== undefined) parseDuration(options.idempotencyKeyTTL, 'idempotencyKeyTTL')
}
