import { CronInputSchema } from '../protocol/api-crons.js'
import type { RouteContext } from './context.js'
import { readJsonBody } from './read-body.js'
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

/** `DELETE /crons/:name` → 204; 404 CRON_NOT_FOUND for a name no cron has. */
export async function deleteCronRoute(ctx: RouteContext): Promise<Response> {
  ctx.engine.crons.delete(ctx.params.name!)
  return jsonResponse(204, undefined)
}
