import { toRunRecord } from '../engine/to-record.js'
import { RunNotFoundError } from '../errors/input-errors.js'
import { CancelRequestSchema, GetRunQuerySchema, ListRunsQuerySchema, readListRunsQuery } from '../protocol/api-runs.js'
import { MAX_LONG_POLL_MS } from '../protocol/api-version.js'
import { parseDuration } from '../model/duration.js'
import type { RouteContext } from './context.js'
import { waitForRunEnd } from './long-poll.js'
import { parseWith, queryObject, readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'

/**
 * `GET /runs/:runId` → 200 run record. With `?wait=<duration>` (at most 60 s) the request is
 * held until the run ends or the wait elapses; `x-backlot-wait` says which.
 */
export async function getRunRoute(ctx: RouteContext): Promise<Response> {
  const runId = ctx.params.runId!
  const query = parseWith(GetRunQuerySchema, queryObject(ctx.url.searchParams), 'the query')
  if (!ctx.engine.get(runId)) throw new RunNotFoundError(runId)
  if (query.wait === undefined) return jsonResponse(200, ctx.engine.getRun(runId))
  const waitMs = Math.min(parseDuration(query.wait, 'wait'), MAX_LONG_POLL_MS)
  const outcome = await waitForRunEnd(ctx, runId, waitMs)
  return jsonResponse(200, ctx.engine.getRun(runId), { 'x-backlot-wait': outcome })
}

/** `GET /runs?taskId&status&parentId&limit` → 200 `{ runs }`, oldest first. */
export async function listRunsRoute(ctx: RouteContext): Promise<Response> {
  const query = parseWith(ListRunsQuerySchema, readListRunsQuery(ctx.url.searchParams), 'the query')
  const runs = ctx.engine.listRuns(query).map(toRunRecord)
  return jsonResponse(200, { runs })
}

/** `POST /runs/:runId/cancel` (optional body `{ reason }`) → 200 run record. Cancelling an ended run changes nothing. */
export async function cancelRoute(ctx: RouteContext): Promise<Response> {
  const runId = ctx.params.runId!
  const body = await readJsonBody(ctx.request, CancelRequestSchema, ctx.maxBodyBytes, true)
  return jsonResponse(200, toRunRecord(ctx.engine.cancel(runId, body.reason)))
}
