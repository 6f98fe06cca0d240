import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { serve } from '../serve/serve.js'
import { listen, type Listening } from '../server/node-http.js'
import { task } from '../sdk/task.js'
import { connectApp } from './connect-app.js'
import { Engine } from './engine.js'
import type { RunRecord } from '../model/run-record.js'
import { TimeDriver } from './time-driver.js'

// End to end: an Engine on a virtual clock runs tasks that live in an app, through
// httpExecutor → serve(): in-process (fetch calls serve's handler) and over real sockets.

const KEY = 'whsec_e2e'
const T0 = Date.UTC(2026, 0, 1)

const calls = { flakyStep: 0, flakyAttempts: 0 }

const steps = task({
  id: 'e2e-steps',
  run: async ({ name }: { name: string }, { step, log }) => {
    const a = await step.run('load', () => ({ name, at: new Date(0) }))
    log('loaded', { name: a.name })
    await step.sleep('cool-down', '1h')
    const b = await step.run('send', () => `sent to ${a.name}`)
    return { a, b }
  },
})
const flaky = task({
  id: 'e2e-flaky',
  retry: { maxAttempts: 3, minDelay: '1s' },
  run: async (_: void, { step, attempt }) => {
    await step.run('once', () => ++calls.flakyStep)
    calls.flakyAttempts++
    if (attempt === 1) throw new Error('first attempt fails')
    return attempt
  },
})
const child = task({ id: 'e2e-child', run: async ({ n }: { n: number }, { step }) => step.run('square', () => n * n) })
const parent = task('e2e-parent', async (ctx) => {
  for (const n of [1, 2, 3]) await ctx.task('e2e-child', { n })
  ctx.log('dispatched 3')
  return { dispatched: 3 }
})
const waiter = task({ id: 'e2e-waiter', run: async (_: void) => ({ got: await child.triggerAndWait({ n: 7 }) }) })
const simple = task({ id: 'e2e-simple', retry: { maxAttempts: 6, minDelay: '1s', backoff: 'fixed' }, run: async (_: void, { step }) => step.run('work', () => 'ok') })

const appTasks = [steps, flaky, child, parent, waiter, simple]

type Fault = 'down' | '503' | 'garbage' | 'slow'

interface Setup {
  engine: Engine
  driver: TimeDriver
  faults: Fault[]
  posts: () => number
  close(): Promise<void>
}

/** The app (serve() behind a gate that can inject faults) and a platform engine connected to it. */
async function setup(mode: 'in-process' | 'socket', options: { timeoutMs?: number } = {}): Promise<Setup> {
  const app = serve({ tasks: appTasks, signingKey: KEY })
  const faults: Fault[] = []
  let posts = 0
  let server: Listening | undefined
  let port = 0
  const gate = async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return app.fetch(request)
    posts++
    const fault = faults.shift()
    if (fault === '503') return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Failed to answer: deploying.' } }), { status: 503 })
    if (fault === 'garbage') return new Response('<html>Bad gateway</html>', { status: 200 })
    if (fault === 'slow') {
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }))
      return new Response('too late', { status: 504 })
    }
    return app.fetch(request)
  }
  let url = 'http://app.test/api/tasks'
  let fetchFn: ((request: Request) => Promise<Response>) | undefined
  if (mode === 'in-process') {
    fetchFn = async (request) => {
      if (faults[0] === 'down') {
        faults.shift()
        posts++
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      }
      return gate(request)
    }
  } else {
    server = await listen(gate)
    port = server.port
    url = `${server.url}/api/tasks`
    // A down app: close the listener for one request, then come back on the same port.
    fetchFn = async (request) => {
      if (faults[0] === 'down') {
        faults.shift()
        posts++
        await server!.close()
        try {
          return await fetch(request)
        } finally {
          server = await listen(gate, { port })
        }
      }
      return fetch(request)
    }
  }
  const clock = new VirtualClock(T0)
  const engine = new Engine({ clock, seed: 7 })
  const driver = new TimeDriver(engine, clock)
  await connectApp(engine, { url, signingKey: KEY, fetch: fetchFn, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) })
  return {
    engine,
    driver,
    faults,
    posts: () => posts,
    async close() {
      engine.dispose()
      await server?.close()
    },
  }
}

/** A record without ids and times: what must match memory. */
function shape(record: RunRecord): unknown {
  return JSON.parse(JSON.stringify(record, (key, value) => (/At$|^at$|^until$|^id$|^parentId$|^children$|^childId$/.test(key) ? undefined : value)))
}

let current: Setup | undefined
afterEach(async () => {
  await current?.close()
  current = undefined
})

describe.each(['in-process', 'socket'] as const)('httpExecutor → serve() (%s)', (mode) => {
  it('registers every task of the app from its manifest', async () => {
    current = await setup(mode)
    expect(current.engine.taskIds()).toEqual(appTasks.map((t) => t.id))
  })

  it('runs steps and a sleep on the virtual clock, as memory does', async () => {
    const { engine, driver } = (current = await setup(mode))
    const run = engine.trigger('e2e-steps', { name: 'Ada' })
    await driver.runUntilIdle()
    const record = engine.getRun(run.id)
    expect(record).toMatchObject({ status: 'completed', attempts: 1, result: { a: { name: 'Ada', at: '1970-01-01T00:00:00.000Z' }, b: 'sent to Ada' } })
    expect(record.steps.map((s) => [s.name, s.kind, s.status])).toEqual([['load', 'run', 'completed'], ['cool-down', 'sleep', 'completed'], ['send', 'run', 'completed']])
    expect(record.logs).toMatchObject([{ level: 'info', message: 'loaded', data: { name: 'Ada' } }])
    expect(Date.parse(record.completedAt!) - T0).toBeGreaterThanOrEqual(3_600_000)
    expect(Date.parse(record.completedAt!) - T0).toBeLessThan(3_600_000 + 2_000)

    const memoryClock = new VirtualClock(T0)
    const memory = new Engine({ clock: memoryClock, seed: 7, tasks: [steps] })
    const memRun = memory.trigger(steps, { name: 'Ada' })
    await new TimeDriver(memory, memoryClock).runUntilIdle()
    expect(shape(record)).toEqual(shape(memory.getRun(memRun.id)))
    memory.dispose()
  })

  it('retries an attempt that threw, without re-running completed steps', async () => {
    const { engine, driver } = (current = await setup(mode))
    calls.flakyStep = 0
    calls.flakyAttempts = 0
    const run = engine.trigger('e2e-flaky', undefined)
    await driver.runUntilIdle()
    expect(engine.getRun(run.id)).toMatchObject({ status: 'completed', attempts: 2, result: 2 })
    expect(calls).toEqual({ flakyStep: 1, flakyAttempts: 2 })
    const failed = engine.events(run.id).find((e) => e.type === 'attempt.failed')
    expect(failed).toMatchObject({ error: { message: 'first attempt fails', retriable: true } })
  })

  it('fans out children with ctx.task, each run through the app', async () => {
    const { engine, driver } = (current = await setup(mode))
    const run = engine.trigger('e2e-parent', undefined)
    await driver.runUntilIdle()
    const record = engine.getRun(run.id)
    expect(record).toMatchObject({ status: 'completed', result: { dispatched: 3 } })
    expect(record.children).toHaveLength(3)
    const results = record.children.map((id) => engine.getRun(id)).map((c) => [c.taskId, c.parentId, c.status, c.result])
    expect(results).toEqual([1, 4, 9].map((r) => ['e2e-child', run.id, 'completed', r]))
  })

  it('waits durably on a child started with triggerAndWait inside the app', async () => {
    const { engine, driver } = (current = await setup(mode))
    const run = engine.trigger('e2e-waiter', undefined)
    await driver.runUntilIdle()
    expect(engine.getRun(run.id)).toMatchObject({ status: 'completed', result: { got: 49 } })
  })

  it('fails the attempt when the app is down, answers 5xx, answers garbage or is too slow, and retries until it works', async () => {
    const { engine, driver, faults, posts } = (current = await setup(mode, { timeoutMs: 750 }))
    faults.push('down', '503', 'garbage', 'slow')
    const run = engine.trigger('e2e-simple', undefined)
    await driver.runUntilIdle()
    expect(engine.getRun(run.id)).toMatchObject({ status: 'completed', result: 'ok' })
    const failures = engine.events(run.id).flatMap((e) => (e.type === 'attempt.failed' ? [[e.error.code, e.error.retriable, e.retryAt !== null]] : []))
    // On a starved machine a healthy call may also pass the 750 ms deadline: that is one more timeout, retried.
    const extra = failures.splice(4)
    expect(extra.every(([code]) => code === 'APP_TIMEOUT')).toBe(true)
    expect(posts()).toBe(5 + extra.length)
    expect(failures).toEqual([
      ['APP_UNREACHABLE', true, true],
      ['APP_ERROR', true, true],
      ['APP_BAD_RESPONSE', true, true],
      ['APP_TIMEOUT', true, true],
    ])
  })

  it('fails the run once the retries are spent, keeping every attempt in the log', async () => {
    const { engine, driver, faults } = (current = await setup(mode))
    faults.push('503', '503', '503', '503', '503', '503')
    const run = engine.trigger('e2e-simple', undefined)
    await driver.runUntilIdle()
    const record = engine.getRun(run.id)
    expect(record).toMatchObject({ status: 'failed', attempts: 6, error: { code: 'APP_ERROR' } })
    expect(record.error?.message).toContain('the app answered 503 (UNAVAILABLE: Failed to answer: deploying.)')
  })
})
