import { configure, createHttpTransport, createPlatformApi, Engine, resetConfiguration, VirtualClock, type PlatformApi } from 'backlot'
import { listenPlatform, type PlatformServer } from 'backlot/server'
import { TimeDriver } from '../../src/engine/time-driver.js'
import type { Harness } from './harness.js'

const SECRET = 'sk_contract'

/**
 * The engine behind the platform API, reached by the HTTP transport: `inProcess` calls the API
 * function directly (Request objects, no socket); `socket` goes over 127.0.0.1.
 */
function httpHarness(mode: 'in-process' | 'socket'): Harness {
  let engine: Engine | undefined
  let driver: TimeDriver | undefined
  let api: PlatformApi | undefined
  let server: PlatformServer | undefined
  const need = () => {
    if (!engine || !driver) throw new Error(`Failed to use the HTTP (${mode}) harness: call setup() first.`)
    return { engine, driver }
  }
  return {
    name: `HTTP (${mode})`,
    async setup(tasks, options = {}) {
      const clock = new VirtualClock(options.now ?? Date.UTC(2026, 0, 1))
      engine = new Engine({ clock, tasks, seed: options.seed ?? 1 })
      driver = new TimeDriver(engine, clock, { isParked: () => true })
      const d = driver
      const apiOptions = { engine, secretKeys: [SECRET], drive: (id: string) => d.untilEnded(id) }
      if (mode === 'socket') {
        server = await listenPlatform(apiOptions)
        configure({ transport: createHttpTransport({ baseUrl: server.url, secretKey: SECRET, retry: { attempts: 1 } }) })
      } else {
        const handler = (api = createPlatformApi(apiOptions))
        configure({ transport: createHttpTransport({ baseUrl: 'http://platform.test', secretKey: SECRET, retry: { attempts: 1 }, fetch: async (input, init) => handler(new Request(input, init)) }) })
      }
    },
    advance: (duration) => need().driver.advance(duration),
    advanceTo: (time) => need().driver.advanceTo(time),
    runUntilIdle: () => need().driver.runUntilIdle(),
    settle: () => need().driver.settle(),
    now: () => need().engine.clock.now(),
    async events(runId) {
      return [...need().engine.events(runId)]
    },
    async teardown() {
      resetConfiguration()
      api?.close()
      await server?.close()
      engine?.dispose()
      engine = driver = api = server = undefined
    },
  }
}

export const httpInProcessHarness = (): Harness => httpHarness('in-process')
export const httpSocketHarness = (): Harness => httpHarness('socket')
