import { isTerminal } from '../model/run-record.js'
import { toRunRecord } from '../engine/to-record.js'
import { RunNotFoundError } from '../errors/input-errors.js'
import { BulkCancelRequestSchema, MAX_BULK_CANCEL, type BulkCancelResponse } from '../protocol/api-run-query.js'
import { CancelRequestSchema, GetRunQuerySchema, ListRunsQuerySchema, readListRunsQuery } from '../protocol/api-runs.js'
import { MAX_LONG_POLL_MS } from '../protocol/api-version.js'
import { parseDuration } from '../model/duration.js'
import type { RouteContext } from './context.js'
import { waitForRunEnd } from './long-poll.js'
import { parseWith, queryObject, readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'
import { matchesFilter, queryRuns, toRunSummary } from './run-query.js'

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

/** `GET /runs?<filters>&limit&order&cursor&view` → 200 `{ runs, nextCursor }`. */
export async function listRunsRoute(ctx: RouteContext): Promise<Response> {
  const query = parseWith(ListRunsQuerySchema, readListRunsQuery(ctx.url.searchParams), 'the query')
  const page = queryRuns(ctx.engine, query)
  const runs = query.view === 'summary' ? page.runs.map(toRunSummary) : page.runs.map(toRunRecord)
  return jsonResponse(200, { runs, nextCursor: page.nextCursor })
}

/** `POST /runs/:runId/cancel` (optional body `{ reason }`) → 200 run record. Cancelling an ended run changes nothing. */
export async function cancelRoute(ctx: RouteContext): Promise<Response> {
  const runId = ctx.params.runId!
  const body = await readJsonBody(ctx.request, CancelRequestSchema, ctx.maxBodyBytes, true)
  return jsonResponse(200, ctx.engine.cancel(runId, body.reason))
}

/** `POST /runs/cancel` `{ ids } | { filter }` → 200 `BulkCancelResponse`. */
export async function bulkCancelRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, BulkCancelRequestSchema, ctx.maxBodyBytes)
  const out: BulkCancelResponse = { cancelled: [], alreadyEnded: [], notFound: [], more: false }
  const cancel = (id: string): void => {
    const run = ctx.engine.get(id)
    if (!run) out.notFound.push(id)
    else if (isTerminal(run.status)) out.alreadyEnded.push(id)
    else {
      ctx.engine.cancel(id, body.reason)
      out.cancelled.push(id)
    }
  }
  if (body.ids) for (const id of new Set(body.ids)) cancel(id)
  else {
    const ids: string[] = []
    for (const run of ctx.engine.allRuns()) {
      if (isTerminal(run.status) || !matchesFilter(run, body.filter!)) continue
      if (ids.length === MAX_BULK_CANCEL) {
        out.more = true
        break
      }
      ids.push(run.id)
    }
    // A cancel cascades to children, which may be later in the list: they count as cancelled once.
    for (const id of ids) if (!isTerminal(ctx.engine.get(id)!.status)) cancel(id)
  }
  return jsonResponse(200, out)
}

/** `POST /runs/:runId/wake` → 200 run record: its sleep, delay or retry backoff ends now. 409 RUN_NOT_WAKEABLE otherwise. */
export async function wakeRoute(ctx: RouteContext): Promise<Response> {
  const runId = ctx.params.runId!
  ctx.engine.wake(runId)
  return jsonResponse(200, ctx.engine.getRun(runId))
}
