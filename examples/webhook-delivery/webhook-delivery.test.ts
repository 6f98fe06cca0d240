import { NonRetriableError, TimeoutError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { deliverWebhook } from './tasks.js'

const START = '2026-07-01T12:00:00Z'
const endpoint = 'https://customer.example/hooks'
const event = { endpoint, id: 'evt_1', type: 'invoice.paid', data: { invoiceId: 'in_1' } }

// The customer's endpoint: answers each POST with the next response in line, and records it.
const received: { attempt: string | null; body: unknown }[] = []
let answers: (() => Response | Promise<Response>)[] = []
const server = setupServer(
  http.post(endpoint, async ({ request }) => {
    received.push({ attempt: request.headers.get('webhook-attempt'), body: await request.json() })
    return (answers.shift() ?? (() => HttpResponse.json({ ok: true })))()
  }),
)

describe('delivering a webhook', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    received.length = 0
    answers = []
  })
  afterAll(() => server.close())

  const startedAt = (engine: ReturnType<typeof createTestEngine>, runId: string) => engine.attempts(runId).map((a) => a.startedAt)

  it('retries a 429 when its Retry-After seconds say, not on the backoff', async () => {
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START })
    answers = [() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } })]
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ status: 200, attempt: 2 })
    expect(startedAt(engine, run.id)).toEqual(['2026-07-01T12:00:00.000Z', '2026-07-01T12:02:00.000Z'])
    expect(received).toEqual([
      { attempt: '1', body: { id: 'evt_1', type: 'invoice.paid', data: { invoiceId: 'in_1' } } },
      { attempt: '2', body: { id: 'evt_1', type: 'invoice.paid', data: { invoiceId: 'in_1' } } },
    ])
  })

  it('retries a 503 at the HTTP date its Retry-After names', async () => {
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START })
    const inFiveMinutes = new Date(engine.now().getTime() + 5 * 60_000).toUTCString()
    answers = [() => new HttpResponse(null, { status: 503, headers: { 'retry-after': inFiveMinutes } })]
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
    expect(startedAt(engine, run.id)).toEqual(['2026-07-01T12:00:00.000Z', '2026-07-01T12:05:00.000Z'])
  })

  it('falls back to exponential backoff (10 s, then 20 s) for a 500 without Retry-After', async () => {
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START })
    answers = [() => new HttpResponse(null, { status: 500 }), () => new HttpResponse(null, { status: 500 })]
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ status: 200, attempt: 3 })
    expect(startedAt(engine, run.id)).toEqual(['2026-07-01T12:00:00.000Z', '2026-07-01T12:00:10.000Z', '2026-07-01T12:00:30.000Z'])
  })

  it('counts every Retry-After as an attempt: an endpoint that always answers 429 fails after five', async () => {
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START })
    answers = Array.from({ length: 5 }, () => () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '60' } }))
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith(`${endpoint} answered 429 and asked to retry later`)
    expect(run).toHaveAttempts(5)
    expect(run.record().completedAt).toBe('2026-07-01T12:04:00.000Z')
  })

  it('aborts a request that hangs past the 30 s timeout and retries it', async () => {
    // hangTimeoutMs: how long, in real time, the engine lets a request that waits on nothing virtual
    // hold time still before it moves on to the timeout.
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START, hangTimeoutMs: 50 })
    answers = [async () => (await delay('infinite'), new HttpResponse(null, { status: 200 }))]
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ status: 200, attempt: 2 })
    const [first, second] = engine.attempts(run)
    expect(first).toMatchObject({ status: 'failed', endedAt: '2026-07-01T12:00:30.000Z', error: { name: TimeoutError.name } })
    expect(second!.startedAt).toBe('2026-07-01T12:00:40.000Z') // the 10 s backoff
  })

  it('gives up at once when the endpoint rejects the webhook with a 4xx', async () => {
    await using engine = createTestEngine({ tasks: [deliverWebhook], now: START })
    answers = [() => new HttpResponse(null, { status: 410 })]
    const run = engine.trigger(deliverWebhook, event)
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith(NonRetriableError)
    expect(run).toHaveAttempts(1)
    expect(received).toHaveLength(1)
  })
})
