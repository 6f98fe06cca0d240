import { z } from 'zod'
import { VirtualClock } from '../clock/virtual-clock.js'
import { Engine } from '../engine/engine.js'
import { TimeDriver } from '../engine/time-driver.js'
import { NonRetriableError } from '../errors/control-flow.js'
import { task } from '../sdk/task.js'
import { createPlatformApi, type PlatformApi, type PlatformApiOptions } from './create-platform-api.js'

export const SECRET = 'sk_test_primary'
export const ROTATED = 'sk_test_rotated'
export const ORIGIN = 'http://platform.test'

/** Tasks the platform API tests run: a sleeping email sender, a failing task, a schema-checked one. */
export function fixtureTasks() {
  const sendEmail = task({
    id: 'send-email',
    run: async ({ to }: { to: string }, { step }) => {
      await step.sleep('cooldown', '1 minute')
      return { sent: true, to }
    },
  })
  const alwaysFails = task({
    id: 'always-fails',
    retry: { maxAttempts: 1 },
    run: async () => {
      throw new NonRetriableError('Failed to send: the mailbox does not exist.')
    },
  })
  const typed = task({ id: 'typed', schema: z.object({ n: z.number() }), run: async ({ n }) => n * 2 })
  return { sendEmail, alwaysFails, typed }
}

export interface CallInit {
  body?: unknown
  /** Raw body text (or stream), sent as is. */
  raw?: string | ReadableStream<Uint8Array>
  key?: string | null
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** An engine on a virtual clock, its driver, and the platform API over it, called with Request objects. */
export type FixtureOptions = Partial<Omit<PlatformApiOptions, 'engine' | 'drive'>> & { drive?: boolean | PlatformApiOptions['drive'] }

export function platformFixture(options: FixtureOptions = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  const tasks = fixtureTasks()
  const engine = new Engine({ clock, tasks: Object.values(tasks), seed: 1 })
  const driver = new TimeDriver(engine, clock, { isParked: () => true })
  const { drive, ...rest } = options
  const api: PlatformApi = createPlatformApi({
    engine,
    secretKeys: [SECRET, ROTATED],
    timeDriver: driver,
    ...rest,
    ...(drive === true ? { drive: (runId: string) => driver.untilEnded(runId) } : typeof drive === 'function' ? { drive } : {}),
  })
  const call = (method: string, path: string, init: CallInit = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...init.headers }
    const key = init.key === undefined ? SECRET : init.key
    if (key !== null) headers.authorization = `Bearer ${key}`
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
    return api(new Request(`${ORIGIN}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body, duplex: 'half' }), ...(init.signal ? { signal: init.signal } : {}) } as RequestInit))
  }
  /** Everything the platform stores: every run's event log and every cron. */
  const snapshot = (): string => JSON.stringify({ runs: [...engine.allRuns()].map((r) => r.events), crons: engine.crons.list() })
  return {
    clock,
    engine,
    driver,
    api,
    call,
    snapshot,
    tasks,
    dispose(): void {
      api.close()
      engine.dispose()
    },
  }
}

/** A response's JSON body, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(response: Response): Promise<any> {
  return response.json()
}
