import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { AppRequestError } from '../errors/app-request-error.js'
import { ValidationError } from '../errors/input-errors.js'
import { ExecutionRequestBodySchema } from '../protocol/execution.js'
import { SIGNATURE_HEADER, verifySignature } from '../protocol/signing.js'
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../protocol/version.js'
import type { InvocationControl } from '../runner/invocation-control.js'
import type { ExecutionRequest } from '../runner/types.js'
import { serve } from '../serve/serve.js'
import { task } from '../sdk/task.js'
import { connectApp } from './connect-app.js'
import { Engine } from './engine.js'
import { httpExecutor } from './http-executor.js'
import { remoteTaskPolicy } from './remote-task.js'
import { TimeDriver } from './time-driver.js'

const KEY = 'whsec_executor'
const URL_ = 'http://app.test/api/tasks'
const T0 = Date.UTC(2026, 0, 1)
const policy = remoteTaskPolicy({ id: 'remote', retry: { maxAttempts: 3, backoff: 'fixed', minDelayMs: 1_000, maxDelayMs: 1_000, factor: 1, jitter: 0 } })
const request: ExecutionRequest = { runId: 'run_1', taskId: 'remote', attempt: 1, payload: { a: 1 }, journal: [], dispatched: [], createdAt: T0 }

function control(): InvocationControl & { abort(reason: unknown): void } {
  const controller = new AbortController()
  return {
    get aborted() {
      return controller.signal.aborted
    },
    get reason() {
      return controller.signal.reason
    },
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
  }
}

/** An app answering `reply` to every POST, echoing the request id into a valid outcome when asked. */
function fakeApp(reply: (body: { requestId: string }) => Response) {
  const seen: Request[] = []
  return {
    seen,
    fetch: async (req: Request) => {
      seen.push(req.clone())
      return reply(JSON.parse(await req.text()) as { requestId: string })
    },
  }
}

const ok = (requestId: string, extra: Record<string, unknown> = {}) =>
  Response.json({ version: PROTOCOL_VERSION, requestId, outcome: { status: 'completed', result: 1, steps: [], waits: [], spawns: [], logs: [], order: [], ...extra } })

describe('httpExecutor', () => {
  it('sends a signed POST carrying the invocation and the engine clock', async () => {
    const clock = new VirtualClock(T0 + 5_000)
    const app = fakeApp((b) => ok(b.requestId))
    const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch, clock }).execute(policy, request, control())
    expect(outcome).toMatchObject({ status: 'completed', result: 1 })
    const sent = app.seen[0]!
    expect(sent.method).toBe('POST')
    expect(sent.url).toBe(URL_)
    expect(sent.headers.get(PROTOCOL_VERSION_HEADER)).toBe(String(PROTOCOL_VERSION))
    const raw = await sent.text()
    await expect(verifySignature(raw, sent.headers.get(SIGNATURE_HEADER), { signingKey: KEY })).resolves.toBeDefined()
    expect(ExecutionRequestBodySchema.parse(JSON.parse(raw))).toMatchObject({ version: PROTOCOL_VERSION, now: T0 + 5_000, invocation: request })
  })

  it('uses a fresh request id for every call', async () => {
    const app = fakeApp((b) => ok(b.requestId))
    const executor = httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch })
    await executor.execute(policy, request, control())
    await executor.execute(policy, request, control())
    const ids = await Promise.all(app.seen.map(async (r) => (JSON.parse(await r.text()) as { requestId: string }).requestId))
    expect(new Set(ids).size).toBe(2)
  })

  it('fails the attempt without retry when the app refuses the request as malformed (400) or too large (413)', async () => {
    for (const status of [400, 413]) {
      const app = fakeApp(() => Response.json({ error: { code: 'INVALID_REQUEST', message: 'Failed to accept: bad.' } }, { status }))
      const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch }).execute(policy, request, control())
      expect(outcome).toMatchObject({ status: 'failed', error: { name: 'AppRequestError', code: 'APP_ERROR', retriable: false } })
      expect(outcome.error!.message).toContain(`answered ${status} (INVALID_REQUEST: Failed to accept: bad.)`)
    }
  })

  it('retries a 401 or 404, which a key rotation or a deploy may fix', async () => {
    for (const status of [401, 404]) {
      const app = fakeApp(() => Response.json({ error: { code: 'X', message: 'no' } }, { status }))
      const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch }).execute(policy, request, control())
      expect(outcome.error).toMatchObject({ code: 'APP_ERROR', retriable: true })
    }
  })

  it('honours Retry-After on a 429 or 503', async () => {
    const clock = new VirtualClock(T0)
    const patient = remoteTaskPolicy({ id: 'remote', retry: { ...policy.retry, maxDelayMs: 60_000 } })
    const app = fakeApp(() => new Response('busy', { status: 503, headers: { 'retry-after': '30' } }))
    const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch, clock }).execute(patient, request, control())
    expect(outcome.error).toMatchObject({ retriable: true, retryAt: T0 + 30_000 })
  })

  it("caps Retry-After at the task's maxDelay, so an app cannot park a run for ever", async () => {
    const clock = new VirtualClock(T0)
    const app = fakeApp(() => new Response('busy', { status: 429, headers: { 'retry-after': '99999999999999' } }))
    const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch, clock }).execute(policy, request, control())
    expect(outcome.error).toMatchObject({ retriable: true, retryAt: T0 + policy.retry.maxDelayMs })
  })

  it('fails the attempt on an answer that is not an execution response', async () => {
    const cases: [Response, RegExp][] = [
      [new Response('<html></html>'), /not JSON/],
      [Response.json({ hello: 'world' }), /not an execution response \(version: /],
      [Response.json({ version: PROTOCOL_VERSION, requestId: 'req_other', outcome: { status: 'completed', steps: [], waits: [], spawns: [], logs: [], order: [] } }), /for request "req_other"/],
      [Response.json({ version: 99, requestId: 'x', outcome: { status: 'completed', steps: [], waits: [], spawns: [], logs: [], order: [] } }), /protocol version 99/],
    ]
    for (const [response, message] of cases) {
      const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: async () => response }).execute(policy, request, control())
      expect(outcome.error).toMatchObject({ code: 'APP_BAD_RESPONSE', retriable: true })
      expect(outcome.error!.message).toMatch(message)
    }
  })

  it('fails the attempt on an answer nested thousands of levels deep instead of storing it', async () => {
    const deep = '['.repeat(4_500) + ']'.repeat(4_500)
    const fetch = async (req: Request) => {
      const { requestId } = JSON.parse(await req.text()) as { requestId: string }
      return new Response(`{"version":${PROTOCOL_VERSION},"requestId":"${requestId}","outcome":{"status":"completed","result":${deep},"steps":[],"waits":[],"spawns":[],"logs":[],"order":[]}}`)
    }
    const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch }).execute(policy, request, control())
    expect(outcome.error).toMatchObject({ code: 'APP_BAD_RESPONSE', retriable: true, message: expect.stringMatching(/more than 512 levels deep/) })
  })

  it('refuses an outcome that says failed without an error', async () => {
    const app = fakeApp((b) => ok(b.requestId, { status: 'failed' }))
    const outcome = await httpExecutor({ url: URL_, signingKey: KEY, fetch: app.fetch }).execute(policy, request, control())
    expect(outcome.error?.message).toMatch(/error: a failed outcome must carry its error/)
  })

  it('hands the engine its own abort reason when the run is cancelled mid-request', async () => {
    const c = control()
    const executor = httpExecutor({
      url: URL_,
      signingKey: KEY,
      fetch: (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason))),
    })
    const pending = executor.execute(policy, request, c)
    c.abort(new Error('cancelled by test'))
    await expect(pending).rejects.toThrow('cancelled by test')
  })

  it('lets the task timeout on the engine clock abort a request the app never answers', async () => {
    const clock = new VirtualClock(T0)
    const engine = new Engine({ clock, seed: 1 })
    // Time may move only once the request is out and hanging (not after a real-time grace, which
    // a loaded machine can spend before the request is even sent).
    let hanging = 0
    const driver = new TimeDriver(engine, clock, { hangTimeoutMs: 20_000, isParked: () => hanging > 0 })
    let aborted = 0
    const hang = (req: Request) =>
      new Promise<Response>((_, reject) => {
        hanging++
        req.signal.addEventListener('abort', () => (hanging--, aborted++, reject(req.signal.reason)))
      })
    engine.register(remoteTaskPolicy({ id: 'hangs', timeoutMs: 10_000, retry: { maxAttempts: 2, backoff: 'fixed', minDelayMs: 1_000, maxDelayMs: 1_000, factor: 1, jitter: 0 } }), httpExecutor({ url: URL_, signingKey: KEY, fetch: hang, clock }))
    const run = engine.trigger('hangs', undefined)
    await driver.runUntilIdle()
    expect(engine.getRun(run.id)).toMatchObject({ status: 'failed', attempts: 2, error: { name: 'TimeoutError' } })
    expect(aborted).toBe(2)
    engine.dispose()
  })
})

describe('remoteTaskPolicy', () => {
  it('maps a manifest entry to a task policy without a handler', () => {
    const p = remoteTaskPolicy({ id: 'r', retry: { maxAttempts: 2, backoff: 'linear', minDelayMs: 10, maxDelayMs: 20, factor: 2, jitter: 0 }, timeoutMs: 5, concurrency: 1, cron: { schedule: '* * * * *', timezone: 'UTC' } })
    expect(p).toEqual({ id: 'r', retry: { maxAttempts: 2, backoff: 'linear', minDelayMs: 10, maxDelayMs: 20, factor: 2, jitter: 0 }, timeoutMs: 5, concurrency: 1, cron: { schedule: '* * * * *', timezone: 'UTC' } })
    expect('run' in p).toBe(false)
  })

  it('refuses an invalid entry with the fields that are wrong', () => {
    expect(() => remoteTaskPolicy({ id: 'r' } as never)).toThrow(ValidationError)
    expect(() => remoteTaskPolicy({ id: 'r' } as never)).toThrow(/retry: /)
  })
})

describe('connectApp', () => {
  const hello = task({ id: 'connect-hello', concurrency: 2, run: async () => 'hi' })

  it('registers every task of the manifest and runs them through the app', async () => {
    const app = serve({ tasks: [hello], signingKey: KEY })
    const clock = new VirtualClock(T0)
    const engine = new Engine({ clock, seed: 1 })
    const { taskIds, manifest } = await connectApp(engine, { url: URL_, signingKey: KEY, fetch: app.fetch })
    expect(taskIds).toEqual(['connect-hello'])
    expect(manifest.tasks[0]).toMatchObject({ concurrency: 2 })
    const run = engine.trigger('connect-hello', undefined)
    await new TimeDriver(engine, clock).runUntilIdle()
    expect(engine.getRun(run.id)).toMatchObject({ status: 'completed', result: 'hi' })
    engine.dispose()
  })

  it('fails with a typed error when the URL does not serve a manifest', async () => {
    const engine = new Engine({ clock: new VirtualClock(T0) })
    const cases: [(req: Request) => Promise<Response>, string][] = [
      [async () => new Response('not found', { status: 404 }), 'APP_ERROR'],
      [async () => new Response('<html/>'), 'APP_BAD_RESPONSE'],
      [async () => Response.json({ status: 'ok' }), 'APP_BAD_RESPONSE'],
      [async () => { throw new TypeError('fetch failed') }, 'APP_UNREACHABLE'],
    ]
    for (const [fetch, code] of cases) {
      const error = await connectApp(engine, { url: URL_, signingKey: KEY, fetch }).catch((e: unknown) => e)
      expect(AppRequestError.is(error)).toBe(true)
      expect((error as AppRequestError).code).toBe(code)
      expect((error as Error).message).toMatch(/^Failed to .+\. /)
    }
    expect(engine.taskIds()).toEqual([])
    engine.dispose()
  })
})
