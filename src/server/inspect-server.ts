import { realSetTimeout } from '../model/real-timers.js'
import type { Engine } from '../engine/engine.js'
import type { TimeDriver } from '../engine/time-driver.js'
import { createPlatformApi } from '../platform/create-platform-api.js'
import { createDashboardHandler } from './dashboard-handler.js'
import { guardRequest } from './dashboard/request-guard.js'
import { listen } from './node-http.js'

export interface InspectOptions {
  /** Default 0: any free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The built dashboard. Default: the package's `dist/dashboard/`. */
  assetsDir?: string
  /** Where the URL line goes. Default: stderr. */
  log?: (line: string) => void
  /** Ends the pause as Continue would (e.g. a test's timeout). */
  signal?: AbortSignal
  /** What moves the engine's virtual clock from the Clock page (a test engine's own driver). */
  timeDriver?: TimeDriver
}

/** A dashboard served on one engine until its Continue button is pressed. */
export interface InspectSession {
  url: string
  /** Resolves when Continue is pressed in the page (or the signal aborts). */
  continued: Promise<void>
  close(): Promise<void>
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }

/**
 * Serves the dashboard over an engine on 127.0.0.1, with a Continue button in the page
 * (`GET /inspect` says the engine is paused, `POST /inspect/continue` ends the pause).
 *
 * @example
 * const session = await startInspect(engine)
 * await session.continued
 * await session.close()
 */
export async function startInspect(engine: Engine, options: InspectOptions = {}): Promise<InspectSession> {
  const key = `sk_inspect_${crypto.randomUUID()}`
  const api = createPlatformApi({ engine, secretKeys: [key], ...(options.timeDriver ? { timeDriver: options.timeDriver } : {}) })
  const dashboard = createDashboardHandler({ api, secretKey: key, ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}) })
  let release!: () => void
  const continued = new Promise<void>((resolve) => (release = resolve))
  options.signal?.addEventListener('abort', () => release(), { once: true })
  let paused = true
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    if (path !== '/inspect' && path !== '/inspect/continue') return dashboard(request)
    const refusal = guardRequest(request)
    if (refusal) return new Response(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }), { status: refusal.status, headers: JSON_TYPE })
    if (path === '/inspect/continue' && request.method === 'POST') {
      paused = false
      // Let this answer reach the page before the session closes its connections.
      realSetTimeout(release, 20)
    }
    return new Response(JSON.stringify({ paused }), { headers: JSON_TYPE })
  }
  const listening = await listen(handler, { ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }) })
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  log(`backlot: the test engine is paused; inspect it at ${listening.url}/runs and press Continue there to go on.`)
  return {
    url: listening.url,
    continued,
    async close() {
      api.close()
      await listening.close()
    },
  }
}

/** Serves the dashboard on the engine and waits until Continue is pressed in the page, then closes it. */
export async function inspectEngine(engine: Engine, options: InspectOptions = {}): Promise<void> {
  const session = await startInspect(engine, options)
  try {
    await session.continued
  } finally {
    await session.close()
  }
}
