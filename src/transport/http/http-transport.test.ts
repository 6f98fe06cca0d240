import { afterEach, describe, expect, it } from 'vitest'
import { isBacklotError } from '../../errors/backlot-error.js'
import { RunNotFoundError, UnknownTaskError, ValidationError } from '../../errors/input-errors.js'
import { platformFixture, SECRET } from '../../platform/api.fixture.js'
import { AuthenticationError, PlatformError } from './http-errors.js'
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx?.dispose())

/** A transport whose fetch calls the platform API function directly: no socket. */
function inProcess(options: Partial<HttpTransportOptions> = {}, fixture: Parameters<typeof platformFixture>[0] = {}) {
  fx = platformFixture(fixture)
  const requests: Request[] = []
  const sleeps: number[] = []
  const transport = createHttpTransport({
    baseUrl: 'http://platform.test',
    secretKey: SECRET,
    fetch: async (input, init) => {
      const request = new Request(input, init)
      requests.push(request.clone())
      return fx.api(request)
    },
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  })
  return { transport, requests, sleeps, ...fx }
}

describe('HTTP transport against the platform API in-process', () => {
  it('reaches the same API whether the base URL names the API prefix or not', async () => {
    for (const baseUrl of ['http://platform.test', 'http://platform.test/', 'http://platform.test/api/v1', 'http://platform.test/api/v1/']) {
      const { transport, requests } = inProcess({ baseUrl })
      const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' })
      expect(new URL(requests[0]!.url).pathname).toBe('/api/v1/tasks/send-email/trigger')
      expect((await transport.getRun(id)).id).toBe(id)
      fx.dispose()
    }
  })

  it('triggers, gets, lists and cancels runs', async () => {
    const { transport, engine, driver } = inProcess()
    const { sendEmail } = fx.tasks
    const { id } = await transport.trigger(sendEmail, { to: 'a' }, { delay: new Date('2026-01-02T00:00:00Z') })
    expect(await transport.getRun(id)).toEqual(engine.getRun(id))
    expect((await transport.getRun(id)).waitingFor).toEqual({ kind: 'delay', until: '2026-01-02T00:00:00.000Z' })
    const [a, b] = await transport.batchTrigger(sendEmail, [{ payload: { to: 'b' } }, { payload: { to: 'c' }, options: { idempotencyKey: 'k' } }])
    expect((await transport.listRuns({ taskId: 'send-email', limit: 2 })).map((r) => r.id)).toEqual([id, a!.id])
    expect(await transport.cancelRun(id)).toMatchObject({ id, status: 'cancelled' })
    await driver.runUntilIdle()
    expect((await transport.listRuns({ status: ['completed'] })).map((r) => r.id)).toEqual([a!.id, b!.id])
  })

  it('waits for a run by long-poll while time is driven, without polling in a loop', async () => {
    const { transport, driver, requests } = inProcess()
    const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' })
    const waiting = transport.waitForRun(id)
    await driver.runUntilIdle()
    expect(await waiting).toMatchObject({ id, status: 'completed', result: { sent: true, to: 'a' } })
    const polls = requests.filter((r) => r.method === 'GET')
    expect(polls.map((r) => new URL(r.url).search)).toEqual(['?wait=30000'])
  })

  it('waits for a run when the platform drives its clock itself', async () => {
    const { transport } = inProcess({}, { drive: true })
    const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' }, { delay: '30 days' })
    expect(await transport.waitForRun(id)).toMatchObject({ status: 'completed', completedAt: '2026-01-31T00:01:00.000Z' })
  })

  it('polls again at once after an elapsed wait, and backs off after an early answer', async () => {
    fx = platformFixture()
    const record = (status: string) => ({ ...fx.engine.getRun(seed), status })
    const seed = fx.engine.trigger(fx.tasks.sendEmail, { to: 'a' }).id
    const answers = [
      [record('pending'), 'elapsed'],
      [record('running'), 'closed'],
      [record('running'), null],
      [record('completed'), 'ended'],
    ] as const
    const sleeps: number[] = []
    let calls = 0
    const transport = createHttpTransport({
      baseUrl: 'http://platform.test',
      secretKey: SECRET,
      sleep: async (ms) => void sleeps.push(ms),
      fetch: async () => {
        const [body, wait] = answers[calls++]!
        return new Response(JSON.stringify(body), { headers: wait ? { 'x-backlot-wait': wait } : {} })
      },
    })
    expect((await transport.waitForRun(seed)).status).toBe('completed')
    expect(calls).toBe(4)
    expect(sleeps).toEqual([250, 500])
  })

  it('replays a run and streams its events', async () => {
    const { transport, driver, engine } = inProcess()
    const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' })
    const replay = await transport.replayRun(id)
    expect(engine.getRun(replay.id).payload).toEqual({ to: 'a' })
    const seen: string[] = []
    const stream = (async () => {
      for await (const event of transport.events({ runId: replay.id })) seen.push(event.type)
    })()
    await driver.runUntilIdle()
    await stream
    expect(seen).toEqual(engine.events(replay.id).map((e) => e.type))
  })

  it('creates, lists and deletes crons', async () => {
    const { transport } = inProcess()
    const cron = await transport.createCron({ name: 'hourly-cleanup', cron: '0 * * * *', taskId: 'send-email' })
    expect(cron).toMatchObject({ name: 'hourly-cleanup', source: 'created', nextRunAt: '2026-01-01T01:00:00.000Z' })
    expect((await transport.listCrons()).map((c) => c.name)).toEqual(['hourly-cleanup'])
    await transport.deleteCron('hourly-cleanup')
    expect(await transport.listCrons()).toEqual([])
    const error = await transport.deleteCron('hourly-cleanup').catch((e) => e)
    expect(isBacklotError(error) && error.code).toBe('CRON_NOT_FOUND')
  })
})

describe('HTTP transport errors', () => {
  it('turns 4xx answers into typed errors carrying the platform message, without retrying', async () => {
    const { transport, requests } = inProcess()
    const unknown = await transport.trigger({ ...fx.tasks.sendEmail, id: 'nope' }, {}).catch((e) => e)
    expect(unknown).toBeInstanceOf(UnknownTaskError)
    expect(unknown.message).toMatch(/^Failed to find task "nope"/)
    const missing = await transport.getRun('run_missing').catch((e) => e)
    expect(missing).toBeInstanceOf(RunNotFoundError)
    expect(missing.runId).toBe('run_missing')
    const invalid = await transport.trigger(fx.tasks.typed, { n: 'one' }).catch((e) => e)
    expect(invalid).toBeInstanceOf(ValidationError)
    expect(invalid.code).toBe('INVALID_PAYLOAD')
    expect(requests).toHaveLength(3)
    expect(fx.engine.listRuns()).toEqual([])
  })

  it('gives a clear AuthenticationError for a wrong secret key', async () => {
    const { transport, requests } = inProcess({ secretKey: 'sk_wrong' })
    const error = await transport.trigger(fx.tasks.sendEmail, { to: 'a' }).catch((e) => e)
    expect(AuthenticationError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 })
    expect(error.message).toContain('BACKLOT_SECRET_KEY')
    expect(requests).toHaveLength(1)
  })

  it('retries network errors and 5xx with backoff, then succeeds', async () => {
    fx = platformFixture()
    const sleeps: number[] = []
    let calls = 0
    const transport = createHttpTransport({
      baseUrl: 'http://platform.test',
      secretKey: SECRET,
      retry: { attempts: 4, minDelayMs: 100, maxDelayMs: 1_000 },
      sleep: async (ms) => void sleeps.push(ms),
      fetch: async (input, init) => {
        calls++
        if (calls === 1) throw new TypeError('fetch failed')
        if (calls === 2) return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Failed to serve: restarting.' } }), { status: 503 })
        return fx.api(new Request(input, init))
      },
    })
    const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' })
    expect(fx.engine.listRuns().map((r) => r.id)).toEqual([id])
    expect(calls).toBe(3)
    expect(sleeps).toHaveLength(2)
    expect(sleeps[0]).toBeGreaterThanOrEqual(75)
    expect(sleeps[0]).toBeLessThanOrEqual(125)
    expect(sleeps[1]).toBeGreaterThanOrEqual(150)
    expect(sleeps[1]).toBeLessThanOrEqual(250)
  })

  it('does not start a second run when a retried trigger had already landed', async () => {
    fx = platformFixture()
    let calls = 0
    const transport = createHttpTransport({
      baseUrl: 'http://platform.test',
      secretKey: SECRET,
      sleep: async () => undefined,
      fetch: async (input, init) => {
        const response = await fx.api(new Request(input, init))
        if (++calls === 1) throw new TypeError('socket hang up')
        return response
      },
    })
    const { id } = await transport.trigger(fx.tasks.sendEmail, { to: 'a' })
    expect(calls).toBe(2)
    expect(fx.engine.listRuns().map((r) => r.id)).toEqual([id])
  })

  it('gives up after the bounded attempts with the last error', async () => {
    fx = platformFixture()
    const sleeps: number[] = []
    const network = createHttpTransport({ baseUrl: 'http://platform.test', secretKey: SECRET, retry: { attempts: 3 }, sleep: async (ms) => void sleeps.push(ms), fetch: async () => Promise.reject(new TypeError('connect ECONNREFUSED')) })
    const error = await network.getRun('run_1').catch((e) => e)
    expect(PlatformError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'NETWORK', status: 0 })
    expect(error.message).toMatch(/^Failed to get run "run_1": could not reach the platform at http:\/\/platform.test\/api\/v1\/runs\/run_1 \(connect ECONNREFUSED\)/)
    expect(sleeps).toHaveLength(2)
    const failing = createHttpTransport({ baseUrl: 'http://platform.test', secretKey: SECRET, retry: { attempts: 2 }, sleep: async () => undefined, fetch: async () => new Response(JSON.stringify({ error: { code: 'INTERNAL', message: 'Failed to handle the request: disk full.' } }), { status: 500 }) })
    const server = await failing.listCrons().catch((e) => e)
    expect(server).toMatchObject({ code: 'INTERNAL', status: 500, message: 'Failed to handle the request: disk full.' })
  })

  it('rejects an answer that does not match the protocol', async () => {
    const transport = createHttpTransport({ baseUrl: 'http://platform.test', secretKey: SECRET, fetch: async () => new Response(JSON.stringify({ id: 1 })) })
    const error = await transport.getRun('run_1').catch((e) => e)
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' })
    expect(error.message).toContain('does not match the protocol')
  })

  it('refuses a bad base URL or a missing secret key when created', () => {
    expect(() => createHttpTransport({ baseUrl: 'tasks.example.com', secretKey: SECRET })).toThrow(/baseUrl "tasks.example.com" is not an http\(s\) URL/)
    expect(() => createHttpTransport({ baseUrl: 'https://tasks.example.com', secretKey: '' })).toThrow(/secret key is missing. Pass secretKey \(or set BACKLOT_SECRET_KEY\)/)
  })
})
