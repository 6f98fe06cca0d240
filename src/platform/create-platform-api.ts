import { VirtualClock } from '../clock/virtual-clock.js'
import type { Engine } from '../engine/engine.js'
import type { TimeDriver } from '../engine/time-driver.js'
import { API_HEADERS, API_PREFIX, DEFAULT_MAX_BODY_BYTES } from '../protocol/api-version.js'
import { ApiError } from './api-error.js'
import { bearerAuth } from './auth.js'
import type { RouteContext } from './context.js'
import { advanceClockRoute, getClockRoute, nextTimerRoute, runUntilIdleRoute } from './clock-routes.js'
import { ClockControl } from './clock-control.js'
import { createCronRoute, deleteCronRoute, getCronRoute, listCronsRoute, pauseCronRoute, resumeCronRoute, triggerCronRoute } from './cron-routes.js'
import { Closers } from './closers.js'
import { EventHub, type EventStreamOptions } from './event-hub.js'
import { eventStreamRoute } from './event-stream.js'
import { readBodyBytes } from './read-body.js'
import { bodyFingerprint, RequestDedup, requestIdReused, type RequestDedupOptions } from './request-dedup.js'
import type { LoggedAnswer, RequestLog } from './request-log.js'
import { errorResponse } from './responses.js'
import { Router } from './router.js'
import { bulkCancelRoute, cancelRoute, getRunRoute, listRunsRoute, wakeRoute } from './run-routes.js'
import { listTasksRoute, taskStatsRoute } from './task-routes.js'
import { batchRoute, replayRoute, triggerRoute } from './trigger-routes.js'

export interface PlatformApiOptions {
  /** The engine the API serves. */
  engine: Engine
  /** Accepted secret keys (`Authorization: Bearer <key>`); several allow rotation. */
  secretKeys: string | readonly string[]
  /** When set, every request must carry this project ref in `x-backlot-project-ref` (else 403). */
  ref?: string
  /** A path the API is mounted under, e.g. `/backlot` (then `/backlot/api/v1/...`). Default none. */
  basePath?: string
  /** Largest accepted request body; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number
  /**
   * Test-only: called before a long-poll answers, to drive a virtual clock until the run ends
   * (e.g. `(runId) => driver.untilEnded(runId)`), so `waitForCompletion()` over HTTP moves time.
   */
  drive?: (runId: string) => Promise<void>
  /** Event streams: heartbeat period, per-client buffer bound, events held for resuming (docs/protocol.md). */
  events?: EventStreamOptions
  /** Bounds of the cache of answers by `x-backlot-request-id` (docs/protocol.md). */
  requestDedup?: RequestDedupOptions
  /** Where answers by request id outlive this process (the PostgreSQL replicas). Default: memory only. */
  requestLog?: RequestLog
  /** Time long-poll waits and stream heartbeats on the engine's clock, or in real time. Default: real time on a VirtualClock, else the clock. */
  waitTimers?: 'clock' | 'real'
  /**
   * What moves a virtual clock for the `/clock` endpoints. Default: a TimeDriver made on first use
   * when the engine's clock is a VirtualClock. Pass the one a test already drives the engine with.
   */
  timeDriver?: TimeDriver
}

/** The platform API: a Web handler, plus `close()` to end open long-polls and event streams. */
export interface PlatformApi {
  (request: Request): Promise<Response>
  /** Answers pending long-polls and ends event streams. Idempotent. */
  close(): void
}

const router = new Router()
  .on('GET', '/tasks', listTasksRoute)
  .on('POST', '/tasks/:taskId/trigger', triggerRoute)
  .on('POST', '/tasks/:taskId/batch', batchRoute)
  .on('GET', '/tasks/:taskId/stats', taskStatsRoute)
  .on('GET', '/runs', listRunsRoute)
  .on('POST', '/runs/cancel', bulkCancelRoute)
  .on('GET', '/runs/:runId', getRunRoute)
  .on('POST', '/runs/:runId/cancel', cancelRoute)
  .on('POST', '/runs/:runId/replay', replayRoute)
  .on('POST', '/runs/:runId/wake', wakeRoute)
  .on('POST', '/crons', createCronRoute)
  .on('GET', '/crons', listCronsRoute)
  .on('GET', '/crons/:name', getCronRoute)
  .on('DELETE', '/crons/:name', deleteCronRoute)
  .on('POST', '/crons/:name/pause', pauseCronRoute)
  .on('POST', '/crons/:name/resume', resumeCronRoute)
  .on('POST', '/crons/:name/trigger', triggerCronRoute)
  .on('GET', '/clock', getClockRoute)
  .on('POST', '/clock/advance', advanceClockRoute)
  .on('POST', '/clock/next', nextTimerRoute)
  .on('POST', '/clock/run-until-idle', runUntilIdleRoute)
  .on('GET', '/events', eventStreamRoute)

/**
 * The app → platform API (docs/protocol.md) over an engine, as a plain
 * `(Request) => Promise<Response>` function: REST + JSON under `/api/v1`, bearer-key auth.
 * Bad input gets `{ error: { code, message } }` and changes no state.
 *
 * @example
 * const api = createPlatformApi({ engine, secretKeys: [process.env.BACKLOT_SECRET_KEY!] })
 * const res = await api(new Request('http://localhost/api/v1/tasks/send-email/trigger', {
 *   method: 'POST',
 *   headers: { authorization: `Bearer ${process.env.BACKLOT_SECRET_KEY}` },
 *   body: JSON.stringify({ payload: { to: 'a@b.c' } }),
 * }))
 */
export function createPlatformApi(options: PlatformApiOptions): PlatformApi {
  const { engine } = options
  const authenticate = bearerAuth(options.secretKeys, options.ref)
  const prefix = `${(options.basePath ?? '').replace(/\/+$/, '')}${API_PREFIX}`
  const closing = new Closers()
  const waitTimers = options.waitTimers ?? (engine.clock instanceof VirtualClock ? 'real' : 'clock')
  const events = new EventHub(engine, options.events ?? {}, waitTimers)
  closing.add(() => events.close())
  const log = options.requestLog
  const dedup = new RequestDedup({ ...options.requestDedup, ...(log ? { onKeep: (key, fingerprint, answer) => log.remember(key, fingerprint, answer) } : {}) })
  const base = {
    engine,
    clock: new ClockControl(engine, options.timeDriver),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    closing,
    events,
    drive: options.drive,
    waitTimers,
  } satisfies Partial<RouteContext>

  const api = async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url)
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
        throw new ApiError(404, 'NOT_FOUND', `Failed to route ${request.method} ${url.pathname}: the platform API lives under ${prefix}/. See docs/protocol.md.`)
      }
      authenticate(request)
      const path = url.pathname.slice(prefix.length) || '/'
      const match = router.match(request.method, path)
      if (!match) throw new ApiError(404, 'NOT_FOUND', `Failed to route ${request.method} ${url.pathname}: no such endpoint. See docs/protocol.md for the endpoints of API v1.`)
      if ('allowed' in match) {
        throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Failed to route ${request.method} ${url.pathname}: this endpoint accepts ${match.allowed.join(', ')}.`, { allow: match.allowed.join(', ') })
      }
      const requestId = request.headers.get(API_HEADERS.requestId)
      if (request.method === 'POST' && requestId) {
        // The body is read first: a repeat must carry the same body to get the first answer.
        const bytes = await readBodyBytes(request, base.maxBodyBytes)
        const copy = new Request(request.url, { method: 'POST', headers: request.headers, body: bytes as Uint8Array<ArrayBuffer>, signal: request.signal })
        const ctx: RouteContext = { ...base, request: copy, url, params: match.params }
        const key = `${path}\n${requestId}` // a newline is in neither a path nor a header (and PostgreSQL text holds no NUL)
        const fingerprint = await bodyFingerprint(bytes)
        const logged = dedup.has(key) ? undefined : await log?.find(key)
        if (logged) return answerAgain(logged, fingerprint)
        return await dedup.run(key, fingerprint, () => match.handler(ctx).catch(errorResponse))
      }
      return await match.handler({ ...base, request, url, params: match.params }).catch(errorResponse)
    } catch (error) {
      return errorResponse(error)
    }
  }
  return Object.assign(api, { close: () => closing.close() })
}

/** The answer a request got before, for its retry; another body under the same id is refused. */
function answerAgain(logged: { fingerprint: string; answer: LoggedAnswer }, fingerprint: string): Response {
  if (logged.fingerprint !== fingerprint) throw requestIdReused()
  const { status, headers, body } = logged.answer
  return new Response(status === 204 ? null : body, { status, headers })
}
