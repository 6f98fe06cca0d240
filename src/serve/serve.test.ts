import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { NonRetriableError } from '../errors/control-flow.js'
import { ExecutionErrorBodySchema, ExecutionResponseBodySchema, type ExecutionRequestBody } from '../protocol/execution.js'
import { ManifestSchema } from '../protocol/manifest.js'
import { SIGNATURE_HEADER, signRequest } from '../protocol/signing.js'
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../protocol/version.js'
import type { ExecutionRequest } from '../runner/types.js'
import { cron } from '../sdk/cron.js'
import { task } from '../sdk/task.js'
import { serve } from './serve.js'

const KEY = 'whsec_serve_test'
const URL_ = 'https://app.example.com/api/tasks'
const T0 = Date.UTC(2026, 0, 1)

let ran = 0
const greet = task({
  id: 'serve-greet',
  schema: z.object({ name: z.string() }),
  retry: { maxAttempts: 5, backoff: 'linear', minDelay: '2s' },
  timeout: '15s',
  concurrency: 2,
  run: async ({ name }, { step, log }) => {
    ran++
    const hello = await step.run('hello', () => `hello ${name}`)
    log('greeted', { name })
    return { hello }
  },
})
const nap = task({
  id: 'serve-nap',
  run: async (_: void, { step }) => {
    await step.run('before', () => 1)
    await step.sleep('nap', '1h')
    return step.run('after', () => 2)
  },
})
const fanOut = task('serve-fan-out', async (ctx) => {
  await ctx.task('serve-greet', { name: 'child' })
  return 'sent'
})
const flaky = task({ id: 'serve-flaky', run: async () => { throw new Error('flaky failure') } })
const doomed = task({ id: 'serve-doomed', run: async () => { throw new NonRetriableError('never works') } })
const nightly = cron('serve-nightly', '0 3 * * *', async () => 'done', { timezone: 'Europe/Paris' })

const app = () => serve({ tasks: [greet, nap, fanOut, flaky, doomed, nightly], signingKey: KEY })

function invocation(taskId: string, payload: unknown, extra: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return { runId: 'run_test', taskId, attempt: 1, payload, journal: [], dispatched: [], createdAt: T0, ...extra }
}

function body(inv: ExecutionRequest, extra: Partial<ExecutionRequestBody> = {}): string {
  return JSON.stringify({ version: PROTOCOL_VERSION, requestId: 'req_1', now: T0, invocation: inv, ...extra })
}

async function signed(raw: string, options: { key?: string; now?: number; headers?: Record<string, string> } = {}): Promise<Request> {
  const signature = await signRequest(raw, options.key ?? KEY, options.now === undefined ? {} : { now: options.now })
  return new Request(URL_, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, ...options.headers } })
}

async function errorOf(res: Response, status: number): Promise<{ code: string; message: string }> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/json')
  const parsed = ExecutionErrorBodySchema.parse(await res.json())
  expect(parsed.error.message).toMatch(/^Failed to .+: .+\. /)
  return parsed.error
}

async function outcomeOf(res: Response) {
  expect(res.status).toBe(200)
  expect(res.headers.get(PROTOCOL_VERSION_HEADER)).toBe(String(PROTOCOL_VERSION))
  return ExecutionResponseBodySchema.parse(await res.json())
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('serve() GET', () => {
  it('answers health and the manifest of tasks with their policies and payload JSON Schema', async () => {
    const res = await app().GET(new Request(URL_))
    expect(res.status).toBe(200)
    const manifest = ManifestSchema.parse(await res.json())
    expect(manifest).toMatchObject({ status: 'ok', version: PROTOCOL_VERSION, mode: 'signed' })
    expect(manifest.tasks.map((t) => t.id)).toEqual(['serve-greet', 'serve-nap', 'serve-fan-out', 'serve-flaky', 'serve-doomed', 'serve-nightly'])
    const g = manifest.tasks[0]!
    expect(g).toMatchObject({ retry: { maxAttempts: 5, backoff: 'linear', minDelayMs: 2_000 }, timeoutMs: 15_000, concurrency: 2 })
    expect(g.payloadSchema).toMatchObject({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] })
    expect(manifest.tasks[1]!.payloadSchema).toBeUndefined()
    expect(manifest.tasks[5]!.cron).toEqual({ schedule: '0 3 * * *', timezone: 'Europe/Paris' })
  })

  it('reports dev mode when verification is off', async () => {
    vi.stubEnv('BACKLOT_DEV', '1')
    const manifest = ManifestSchema.parse(await (await serve({ tasks: [greet] }).GET(new Request(URL_))).json())
    expect(manifest.mode).toBe('dev')
  })
})

describe('serve() POST', () => {
  it('runs one invocation and answers with its steps, logs and result', async () => {
    const res = await app().POST(await signed(body(invocation('serve-greet', { name: 'Ada' }))))
    const { requestId, outcome } = await outcomeOf(res)
    expect(requestId).toBe('req_1')
    expect(outcome).toMatchObject({ status: 'completed', result: { hello: 'hello Ada' }, order: ['hello'] })
    expect(outcome.steps).toMatchObject([{ key: 'hello', name: 'hello', kind: 'run', status: 'completed', result: 'hello Ada' }])
    expect(outcome.logs).toMatchObject([{ level: 'info', message: 'greeted', data: { name: 'Ada' } }])
  })

  it('suspends on a sleep timed by the platform clock it was sent', async () => {
    const { outcome } = await outcomeOf(await app().POST(await signed(body(invocation('serve-nap', undefined)))))
    expect(outcome.status).toBe('suspended')
    expect(outcome.waits).toHaveLength(1)
    const wait = outcome.waits[0]!
    expect(wait).toMatchObject({ key: 'nap', kind: 'sleep' })
    expect((wait as { until: number }).until - T0).toBeGreaterThanOrEqual(3_600_000)
    expect((wait as { until: number }).until - T0).toBeLessThan(3_600_000 + 1_000)
  })

  it('replays the journal and runs only the new steps', async () => {
    const journal = [
      { key: 'before', kind: 'run' as const, status: 'completed' as const, result: 1 },
      { key: 'nap', kind: 'sleep' as const, status: 'completed' as const, until: T0 },
    ]
    const { outcome } = await outcomeOf(await app().POST(await signed(body(invocation('serve-nap', undefined, { journal })))))
    expect(outcome).toMatchObject({ status: 'completed', result: 2, order: ['before', 'nap', 'after'] })
    expect(outcome.steps.map((s) => s.key)).toEqual(['after'])
  })

  it('answers fan-out requests made with ctx.task', async () => {
    const { outcome } = await outcomeOf(await app().POST(await signed(body(invocation('serve-fan-out', undefined)))))
    expect(outcome.spawns).toMatchObject([{ taskId: 'serve-greet', payload: { name: 'child' }, via: 'ctx.task' }])
  })

  it('answers a thrown error as a failed outcome, retriable or not', async () => {
    const flakyOut = (await outcomeOf(await app().POST(await signed(body(invocation('serve-flaky', undefined)))))).outcome
    expect(flakyOut).toMatchObject({ status: 'failed', error: { name: 'Error', message: 'flaky failure', retriable: true } })
    const doomedOut = (await outcomeOf(await app().POST(await signed(body(invocation('serve-doomed', undefined)))))).outcome
    expect(doomedOut).toMatchObject({ status: 'failed', error: { name: 'NonRetriableError', retriable: false } })
  })

  it('answers a payload its task schema refuses as a non-retriable failure', async () => {
    const { outcome } = await outcomeOf(await app().POST(await signed(body(invocation('serve-greet', { name: 42 })))))
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'INVALID_PAYLOAD', retriable: false } })
  })
})

describe('serve() refusals', () => {
  it('answers 401 to an unsigned request', async () => {
    const req = new Request(URL_, { method: 'POST', body: body(invocation('serve-greet', { name: 'x' })) })
    expect((await errorOf(await app().POST(req), 401)).code).toBe('SIGNATURE_MISSING')
  })

  it('answers 401 to a request signed with the wrong key', async () => {
    const res = await app().POST(await signed(body(invocation('serve-greet', { name: 'x' })), { key: 'whsec_wrong' }))
    expect((await errorOf(res, 401)).code).toBe('SIGNATURE_MISMATCH')
  })

  it('answers 401 to a stale request', async () => {
    const res = await app().POST(await signed(body(invocation('serve-greet', { name: 'x' })), { now: Date.now() - 10 * 60_000 }))
    expect((await errorOf(res, 401)).code).toBe('SIGNATURE_STALE')
  })

  it('answers 401 to a replayed request', async () => {
    const handlers = app()
    const raw = body(invocation('serve-greet', { name: 'x' }))
    const first = await signed(raw)
    const again = new Request(URL_, { method: 'POST', body: raw, headers: { [SIGNATURE_HEADER]: first.headers.get(SIGNATURE_HEADER)! } })
    expect((await handlers.POST(first)).status).toBe(200)
    expect((await errorOf(await handlers.POST(again), 401)).code).toBe('SIGNATURE_REPLAYED')
  })

  it('answers 401 to a tampered body, runs nothing, and still accepts the genuine request', async () => {
    const handlers = app()
    const raw = body(invocation('serve-greet', { name: 'Ada' }))
    const genuine = await signed(raw)
    const signature = genuine.headers.get(SIGNATURE_HEADER)!
    const before = ran
    const tampered = new Request(URL_, { method: 'POST', body: raw.replace('Ada', 'Eve'), headers: { [SIGNATURE_HEADER]: signature } })
    expect((await errorOf(await handlers.POST(tampered), 401)).code).toBe('SIGNATURE_MISMATCH')
    expect(ran).toBe(before)
    expect((await outcomeOf(await handlers.POST(genuine))).outcome.result).toEqual({ hello: 'hello Ada' })
  })

  it('accepts a request signed with the rotated-out key while it is the fallback', async () => {
    const handlers = serve({ tasks: [greet], signingKey: 'whsec_new', signingKeyFallback: KEY })
    expect((await handlers.POST(await signed(body(invocation('serve-greet', { name: 'x' }))))).status).toBe(200)
    expect((await handlers.POST(await signed(body(invocation('serve-greet', { name: 'y' })), { key: 'whsec_new' }))).status).toBe(200)
  })

  it('answers 400 to malformed JSON', async () => {
    const error = await errorOf(await app().POST(await signed('{"version":1,')), 400)
    expect(error.code).toBe('INVALID_JSON')
  })

  it('answers 400 to a body that is not an execution request, naming the fields', async () => {
    const error = await errorOf(await app().POST(await signed(JSON.stringify({ version: 1, requestId: 'r', now: T0, invocation: { taskId: 'serve-greet' } }))), 400)
    expect(error.code).toBe('INVALID_REQUEST')
    expect(error.message).toContain('invocation.runId')
  })

  it('answers 400 to another protocol version', async () => {
    const error = await errorOf(await app().POST(await signed(body(invocation('serve-greet', { name: 'x' }), { version: 99 }))), 400)
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION' })
  })

  it('answers 404 to an unknown task, listing the known ones', async () => {
    const error = await errorOf(await app().POST(await signed(body(invocation('nope', {})))), 404)
    expect(error.code).toBe('UNKNOWN_TASK')
    expect(error.message).toContain('"serve-greet"')
  })

  it('answers 413 to a body over the limit declared by Content-Length', async () => {
    const handlers = serve({ tasks: [greet], signingKey: KEY, bodyLimit: 100 })
    const raw = body(invocation('serve-greet', { name: 'x'.repeat(200) }))
    expect((await errorOf(await handlers.POST(await signed(raw)), 413)).code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers 413 to a streamed body over the limit without trusting Content-Length', async () => {
    const handlers = serve({ tasks: [greet], signingKey: KEY, bodyLimit: 1_000 })
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(400).fill(32))
      },
    })
    const req = new Request(URL_, { method: 'POST', body: stream, headers: { 'content-length': '10' }, duplex: 'half' } as RequestInit)
    expect((await errorOf(await handlers.POST(req), 413)).code).toBe('PAYLOAD_TOO_LARGE')
    expect(pulled).toBeLessThan(10)
  })

  it('accepts a body of exactly the limit', async () => {
    const raw = body(invocation('serve-greet', { name: 'x' }))
    const handlers = serve({ tasks: [greet], signingKey: KEY, bodyLimit: new TextEncoder().encode(raw).length })
    expect((await handlers.POST(await signed(raw))).status).toBe(200)
  })

  it('answers 405 to other methods through fetch', async () => {
    const res = await app().fetch(new Request(URL_, { method: 'DELETE' }))
    expect((await errorOf(res, 405)).code).toBe('METHOD_NOT_ALLOWED')
    expect(res.headers.get('allow')).toBe('GET, POST')
    expect((await app().fetch(new Request(URL_))).status).toBe(200)
  })

  it('answers 500 with how to set the key when it has none and is not in dev mode', async () => {
    vi.stubEnv('BACKLOT_SIGNING_KEY', '')
    vi.stubEnv('BACKLOT_DEV', '')
    const error = await errorOf(await serve({ tasks: [greet] }).POST(await signed(body(invocation('serve-greet', { name: 'x' })))), 500)
    expect(error.code).toBe('SIGNING_KEY_MISSING')
    expect(error.message).toContain('BACKLOT_SIGNING_KEY')
  })

  it('reads the key from BACKLOT_SIGNING_KEY when a request arrives', async () => {
    const handlers = serve({ tasks: [greet] })
    vi.stubEnv('BACKLOT_SIGNING_KEY', KEY)
    expect((await handlers.POST(await signed(body(invocation('serve-greet', { name: 'x' }))))).status).toBe(200)
  })

  it('skips verification only in explicit dev mode', async () => {
    const unsigned = () => new Request(URL_, { method: 'POST', body: body(invocation('serve-greet', { name: 'x' })) })
    expect((await serve({ tasks: [greet], dev: true }).POST(unsigned())).status).toBe(200)
    vi.stubEnv('BACKLOT_DEV', '1')
    expect((await serve({ tasks: [greet] }).POST(unsigned())).status).toBe(200)
    expect((await serve({ tasks: [greet], signingKey: KEY, dev: false }).POST(unsigned())).status).toBe(401)
  })

  it('refuses to start with duplicate task ids or a bad body limit', () => {
    const twin = task({ id: 'serve-greet', run: async () => 1 })
    expect(() => serve({ tasks: [greet, twin] })).toThrow(/another task with the same id/)
    expect(() => serve({ tasks: [greet], bodyLimit: 0 })).toThrow(/bodyLimit/)
  })
})
