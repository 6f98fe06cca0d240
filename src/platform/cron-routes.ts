import { parseCron } from '../engine/cron-schedule.js'
import { iso } from '../engine/run-state.js'
import { CronDetailsQuerySchema, CronInputSchema, type CronDetails } from '../protocol/api-crons.js'
import type { RouteContext } from './context.js'
import { parseWith, queryObject, readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'

/** `POST /crons` → 201 cron (creates, or updates the cron with the same name). */
export async function createCronRoute(ctx: RouteContext): Promise<Response> {
  const input = await readJsonBody(ctx.request, CronInputSchema, ctx.maxBodyBytes)
  return jsonResponse(201, ctx.engine.createCron(input))
}

/** `GET /crons` → 200 `{ crons }`. */
export async function listCronsRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, { crons: ctx.engine.crons.list() })
}

/** `GET /crons/:name?count=5` → 200 `CronDetails`: the cron and its next firings on the engine's clock. */
export async function getCronRoute(ctx: RouteContext): Promise<Response> {
  const { count } = parseWith(CronDetailsQuerySchema, queryObject(ctx.url.searchParams), 'the query')
  const cron = ctx.engine.crons.get(ctx.params.name!)
  const schedule = parseCron(cron.cron, cron.timezone)
  const nextFirings: string[] = []
  for (let at: number | null = ctx.engine.clock.now(); nextFirings.length < count; ) {
    at = schedule.nextAfter(at)
    if (at === null) break
    nextFirings.push(iso(at))
  }
  const details: CronDetails = { ...cron, nextFirings }
  return jsonResponse(200, details)
}

/** `DELETE /crons/:name` → 204; 404 CRON_NOT_FOUND for a name no cron has. */
export async function deleteCronRoute(ctx: RouteContext): Promise<Response> {
  ctx.engine.crons.delete(ctx.params.name!)
  return jsonResponse(204, undefined)
}

/** `POST /crons/:name/pause` → 200 cron (`paused: true`, `nextRunAt: null`). */
export async function pauseCronRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, ctx.engine.crons.pause(ctx.params.name!))
}

/** `POST /crons/:name/resume` → 200 cron, armed again from now (firings missed while paused are skipped). */
export async function resumeCronRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, ctx.engine.crons.resume(ctx.params.name!))
}

/** `POST /crons/:name/trigger` → 201 `{ id, taskId, deduplicated: false }`: a run of the cron's task with its payload, now, marked with the cron's name. */
export async function triggerCronRoute(ctx: RouteContext): Promise<Response> {
  const cron = ctx.engine.crons.get(ctx.params.name!)
  const run = ctx.engine.trigger(cron.taskId, cron.payload, {}, { cron: cron.name, scheduledAt: ctx.engine.clock.now() })
  return jsonResponse(201, { id: run.id, taskId: run.taskId, deduplicated: false })
}
