import { AsyncLocalStorage } from 'node:async_hooks'
import { configure, createHttpTransport, resetConfiguration, serve, type AnyTask } from 'backlot'
import { connectApp, createPlatformApi, Engine, VirtualClock, type PlatformApi } from 'backlot/host'
import { listen, listenPlatform, type Listening, type PlatformServer } from 'backlot/server'
import { realMacrotask, realNow } from '../../src/model/real-timers.js'
import { TimeDriver } from 'backlot/testing'
import type { Harness } from './harness.js'

const SECRET = 'sk_contract'
const SIGNING_KEY = 'whsec_contract'
/** Tags each execution POST so both ends of the harness can tell which call is where. */
const CALL_HEADER = 'x-contract-call'
/** Real ms the harness waits for the app to see an abort; loopback takes well under one. */
const ABORT_DELIVERY_MS = 2_000

/**
 * Where one execution POST is: on its way into task code (signed, sent, read and verified by
 * the app), running task code, on its way back (the answer written, sent and read), or given
 * up by the platform (timeout, cancel) while the app has yet to see its signal abort.
 */
type Leg = 'to-task' | 'in-task' | 'to-platform' | 'aborting'

/** The execution POST a piece of app code is serving (the CALL_HEADER of its request). */
const servingCall = new AsyncLocalStorage<string>()

/** The task, whose handler marks its call as running task code while it runs. */
function tracked(task: AnyTask, calls: Map<string, Leg>): AnyTask {
  const mark = (leg: Leg): void => {
    const id = servingCall.getStore()
    if (id !== undefined && calls.has(id)) calls.set(id, leg)
  }
  const run = async (payload: unknown, ctx: unknown): Promise<unknown> => {
    mark('in-task')
    try {
      return await (task.run as (payload: unknown, ctx: unknown) => unknown)(payload, ctx)
    } finally {
      mark('to-platform')
    }
  }
  return new Proxy(task, { get: (target, key, receiver) => (key === 'run' ? run : Reflect.get(target, key, receiver)) })
}

/** Scenarios that cannot hold over a real socket, each with the reason. */
const HELD_SLOT = 'the platform aborts the request by closing the connection, which aborts the handler\'s signal in the app; it cannot see a handler that ignores the signal, so the slot is free when the connection closes (docs/protocol.md, "Concurrency")'

const SOCKET_SKIPS: Readonly<Record<string, string>> = {
  'drops a cancelled waiter from the queue and gives a cancelled attempt’s slot to the next once its handler returns': HELD_SLOT,
  'keeps the slots of timed-out attempts until their handlers return': HELD_SLOT,
  'keeps the slots of cancelled attempts until their handlers return': HELD_SLOT,
  // The rest of the timeout rule is checked over sockets by the other timeout scenarios (the
  // attempt fails with a TimeoutError and is retried, at the same virtual times as in memory).
  'aborts the signal of an attempt that overruns and retries it after a TimeoutError':
    "the app's signal does abort, but a closed connection carries no reason: task code sees an AbortError, not the platform's TimeoutError",
}

/**
 * HTTP in both directions, with nothing shared but the network:
 *
 * - the SDK (task.trigger, getTask, cancelTask, createCron...) reaches the platform API through
 *   the HTTP transport;
 * - the platform's Engine holds no task code: it knows the tasks only from the app's manifest
 *   (`connectApp`) and runs every invocation by a signed POST to the app's `serve()`.
 *
 * `in-process`: both fetches call the handlers directly (Request objects, no socket).
 * `socket`: the platform API and the app's serve() each listen on their own 127.0.0.1 port,
 * and both directions use the real fetch.
 */
/**
 * A platform that runs the engine itself (the PostgreSQL replicas): the harness gives it the
 * app's URL and its fetch, and gets back the engine, the driver made with `makeDriver`, and two
 * base URLs — triggers and other writes go to the first, reads to the second.
 */
export interface PlatformReplicas {
  name: string
  start(setup: {
    appUrl: string
    appFetch: (request: Request) => Promise<Response>
    now: number
    seed: number
    secretKey: string
    signingKey: string
    makeDriver: (engine: Engine, clock: VirtualClock) => TimeDriver
  }): Promise<{ engine: Engine; driver: TimeDriver; writeUrl: string; readUrl: string }>
  stop(): Promise<void>
}

function httpHarness(mode: 'in-process' | 'socket' | 'replicas', replicas?: PlatformReplicas): Harness {
  let engine: Engine | undefined
  let driver: TimeDriver | undefined
  let api: PlatformApi | undefined
  let platform: PlatformServer | undefined
  let app: Listening | undefined
  /** Execution POSTs the platform has sent and not yet had answered (or given up on). */
  const calls = new Map<string, Leg>()
  let callCounter = 0
  /** Waits (a bounded real time) until the app has seen every abort the platform sent. */
  const delivered = async (): Promise<void> => {
    const deadline = realNow() + ABORT_DELIVERY_MS
    const pending = (): boolean => [...calls.values()].includes('aborting')
    while (pending() && realNow() < deadline) await realMacrotask()
  }
  const need = () => {
    if (!engine || !driver) throw new Error(`Failed to use the HTTP (${mode}) harness: call setup() first.`)
    return { engine, driver }
  }
  return {
    name: replicas ? replicas.name : `HTTP (${mode})`,
    skips: mode === 'in-process' ? {} : SOCKET_SKIPS,
    async setup(tasks, options = {}) {
      const now = options.now === undefined ? Date.UTC(2026, 0, 1) : new Date(options.now).getTime()

      // The app: serve() with the scenario's tasks. Each handler marks its call as running
      // task code while it runs; once serve() has answered, the call is on its way back.
      const handlers = serve({ tasks: tasks.map((t) => tracked(t, calls)), signingKey: SIGNING_KEY })
      const appHandler = async (request: Request): Promise<Response> => {
        if (request.method !== 'POST') return handlers.fetch(request)
        const id = request.headers.get(CALL_HEADER) ?? ''
        // The app has seen the platform give up on this call: the abort is delivered.
        request.signal.addEventListener('abort', () => void calls.delete(id), { once: true })
        try {
          return await servingCall.run(id, () => handlers.POST(request))
        } finally {
          if (calls.get(id) === 'aborting') calls.delete(id)
          else if (calls.has(id)) calls.set(id, 'to-platform')
        }
      }
      let appUrl = 'http://app.test/api/tasks'
      let send: (request: Request) => Promise<Response> = appHandler
      if (mode !== 'in-process') {
        app = await listen(appHandler)
        appUrl = `${app.url}/api/tasks`
        send = (request) => fetch(request)
      }
      // The platform's side of every execution POST: a call is in flight from the moment it is
      // sent until its answer has been read in full. When the platform gives up on it (timeout,
      // cancel: its signal aborts) while the app still holds it, it waits for the app to see
      // the abort.
      const executorFetch = async (request: Request): Promise<Response> => {
        if (request.method !== 'POST') return send(request)
        const id = String(++callCounter)
        request.headers.set(CALL_HEADER, id)
        calls.set(id, 'to-task')
        const onAbort = (): void => {
          const leg = calls.get(id)
          if (leg === 'to-task' || leg === 'in-task') calls.set(id, 'aborting')
          else calls.delete(id)
        }
        request.signal.addEventListener('abort', onAbort, { once: true })
        try {
          const response = await send(request)
          const body = await response.arrayBuffer()
          return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
        } finally {
          request.signal.removeEventListener('abort', onAbort)
          if (calls.get(id) !== 'aborting') calls.delete(id)
        }
      }

      // When may virtual time move on? The memory harness treats an invocation that stays busy
      // for a few quiet turns as parked: task code in this suite waits only on virtual time or
      // on gates the test opens. Over HTTP an invocation is also busy outside task code, for
      // real macrotasks: the platform signs its POST (crypto.subtle), the POST crosses the wire
      // (many turns over a socket), the app reads it and verifies the signature, and the answer
      // comes back and is read. Moving time then would fire the attempt's timeout, a retry or a
      // sleep's end too early, and the records would depend on socket timing. So the engine
      // counts as parked only when every invocation it is executing is inside task code in the
      // app (its handler has started and not returned) and no answer is on its way back. A
      // given-up call ('aborting') is no longer the engine's: `delivered()` waits for it. The
      // TimeDriver's hangTimeoutMs (2 s) stays the backstop, so a request that never arrives
      // cannot hang a test; over loopback it never comes into play.
      const parkedFor = (e: Engine) => (): boolean => {
        let inTask = 0
        for (const leg of calls.values()) {
          if (leg === 'in-task') inTask++
          else if (leg !== 'aborting') return false
        }
        return inTask >= e.executingCount
      }
      const makeDriver = (e: Engine, clock: VirtualClock): TimeDriver => new TimeDriver(e, clock, { isParked: parkedFor(e) })
      // Over HTTP the platform runs invocations while the test's calls travel, so two reads in
      // a row (the event log, then getTask) could see two stages of a run. In memory, work that
      // needs no time to pass is done within microtasks, before the test reads anything. So
      // every SDK call returns to the test once the platform has settled what it set off
      // (without moving time), and the app has seen any abort it sent: a cancel answers once
      // the platform has aborted the attempt, but over a socket the app learns it only when
      // the connection drops, a few turns later.
      const settledWith = (d: TimeDriver) => async (response: Response): Promise<Response> => {
        await d.settle()
        await delivered()
        return response
      }
      if (mode === 'replicas') {
        const started = await replicas!.start({ appUrl, appFetch: executorFetch, now, seed: options.seed ?? 1, secretKey: SECRET, signingKey: SIGNING_KEY, makeDriver })
        engine = started.engine
        const settled = settledWith((driver = started.driver))
        // Writes to one replica, reads from the other: each forwards to the lease holder.
        const split = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
          const request = new Request(input, init)
          const base = request.method === 'GET' ? started.readUrl : started.writeUrl
          const url = new URL(request.url)
          return settled(await fetch(new URL(url.pathname + url.search, base), { method: request.method, headers: request.headers, body: request.method === 'GET' ? undefined : await request.arrayBuffer(), signal: request.signal }))
        }
        configure({ transport: createHttpTransport({ baseUrl: started.writeUrl, secretKey: SECRET, retry: { attempts: 1 }, fetch: split }) })
        return
      }
      const clock = new VirtualClock(now)
      engine = new Engine({ clock, seed: options.seed ?? 1 })
      await connectApp(engine, { url: appUrl, signingKey: SIGNING_KEY, fetch: executorFetch })
      const d = (driver = makeDriver(engine, clock))
      const apiOptions = { engine, secretKeys: [SECRET], drive: (id: string) => d.untilEnded(id) }
      const settled = settledWith(d)
      if (mode === 'socket') {
        platform = await listenPlatform(apiOptions)
        const viaSocket = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => settled(await fetch(input, init))
        configure({ transport: createHttpTransport({ baseUrl: platform.url, secretKey: SECRET, retry: { attempts: 1 }, fetch: viaSocket }) })
      } else {
        const handler = (api = createPlatformApi(apiOptions))
        const inProcess = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => settled(await handler(new Request(input, init)))
        configure({ transport: createHttpTransport({ baseUrl: 'http://platform.test', secretKey: SECRET, retry: { attempts: 1 }, fetch: inProcess }) })
      }
    },
    advance: (duration) => need().driver.advance(duration).then(delivered),
    advanceTo: (time) => need().driver.advanceTo(time).then(delivered),
    runUntilIdle: () => need().driver.runUntilIdle().then(delivered),
    settle: () => need().driver.settle().then(delivered),
    now: () => need().engine.clock.now(),
    async events(runId) {
      return [...need().engine.events(runId)]
    },
    async teardown() {
      resetConfiguration()
      api?.close()
      if (replicas) await replicas.stop()
      else engine?.dispose()
      await platform?.close()
      await app?.close()
      calls.clear()
      engine = driver = api = platform = app = undefined
    },
  }
}

export const httpInProcessHarness = (): Harness => httpHarness('in-process')
export const httpSocketHarness = (): Harness => httpHarness('socket')
/** The platform as replicas (PostgreSQL) behind real sockets, the app behind its own. */
export const replicaHarness = (replicas: PlatformReplicas): Harness => httpHarness('replicas', replicas)
