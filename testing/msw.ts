/**
 * @module backlot/testing/msw — msw handlers that serve the platform API from an in-memory engine,
 * so code configured for the HTTP transport runs offline. Needs `msw` installed (an optional peer).
 */
import { http, type HttpHandler } from 'msw'
import type { Engine } from '../src/engine/engine.js'
import type { TimeDriver } from '../src/engine/time-driver.js'
import { createPlatformApi, type PlatformApi } from '../src/platform/create-platform-api.js'

/** An engine, or anything that holds one with its time driver (a `TestEngine`). */
export type PlatformEngine = Engine | { engine: Engine; driver?: TimeDriver }

export interface PlatformHandlersOptions {
  /** The in-memory engine behind the API; a `TestEngine` brings its virtual clock's driver. */
  engine: PlatformEngine
  /** Where the code under test thinks the platform is, e.g. `https://platform.test`. */
  baseUrl: string
  /** Keys the fake platform accepts. Default `sk_test`. */
  secretKey?: string | readonly string[]
  /** When set, requests must name this project ref. */
  ref?: string
  /**
   * Moves the engine's virtual clock until a run ends when the app long-polls for it, so
   * `triggerAndWait()` and `waitForCompletion()` over HTTP finish without the test driving time.
   * Default: on when a driver is known (from a `TestEngine` or `driver`).
   */
  autoDrive?: boolean
  /** The driver of the engine's virtual clock, when `engine` is a bare Engine. */
  driver?: TimeDriver
  maxBodyBytes?: number
}

/** msw handlers for the platform API, plus the API itself (`api.close()` ends open long-polls and streams). */
export type PlatformHandlers = HttpHandler[] & { api: PlatformApi }

/**
 * msw handlers that serve the platform's REST API (docs/protocol.md) from an in-memory engine,
 * so code configured for the HTTP transport runs offline under msw's `setupServer`.
 *
 * @example
 * const t = createTestEngine({ tasks: [sendEmail] })
 * const server = setupServer(...platformHandlers({ engine: t, baseUrl: 'https://platform.test', secretKey: 'sk_test' }))
 * server.listen({ onUnhandledRequest: 'error' })
 * configure({ baseUrl: 'https://platform.test', secretKey: 'sk_test', ref: 'proj_test' })
 * const result = await sendEmail.triggerAndWait({ to: 'a@b.c', template: 'welcome' })
 */
export function platformHandlers(options: PlatformHandlersOptions): PlatformHandlers {
  const holder = options.engine
  const engine = 'engine' in holder ? holder.engine : holder
  const driver = options.driver ?? ('engine' in holder ? holder.driver : undefined)
  const autoDrive = options.autoDrive ?? driver !== undefined
  if (autoDrive && !driver) {
    throw new Error('Failed to create the platform handlers: autoDrive needs the virtual clock\'s driver. Pass a TestEngine as `engine`, or `driver`.')
  }
  const base = new URL(options.baseUrl)
  const api = createPlatformApi({
    engine,
    secretKeys: options.secretKey ?? 'sk_test',
    basePath: base.pathname,
    ...(options.ref === undefined ? {} : { ref: options.ref }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(autoDrive && driver ? { drive: (runId: string) => driver.untilEnded(runId) } : {}),
  })
  const handlers = [http.all(`${options.baseUrl.replace(/\/+$/, '')}/*`, ({ request }) => api(request))]
  return Object.assign(handlers, { api })
}
