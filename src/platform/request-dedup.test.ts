import { afterEach, describe, expect, it } from 'vitest'
import { json, platformFixture } from './api.fixture.js'
import { RequestDedup } from './request-dedup.js'

let fx: ReturnType<typeof platformFixture> | undefined
afterEach(() => fx?.dispose())

describe('request-id dedup', () => {
  it('answers a repeat with the same body with the first answer, and the same id with another body with 409', async () => {
    fx = platformFixture()
    const headers = { 'x-backlot-request-id': 'req-1' }
    const first = await json(await fx.call('POST', '/tasks/send-email/trigger', { headers, body: { payload: { to: 'a' } } }))
    const again = await json(await fx.call('POST', '/tasks/send-email/trigger', { headers, body: { payload: { to: 'a' } } }))
    expect(again).toEqual(first)
    const before = fx.snapshot()
    const other = await fx.call('POST', '/tasks/send-email/trigger', { headers, body: { payload: { to: 'b' } } })
    expect(other.status).toBe(409)
    expect((await json(other)).error).toMatchObject({ code: 'REQUEST_ID_REUSED', message: expect.stringMatching(/^Failed to accept the request: .*another body\. Send a fresh request id/) })
    expect(fx.snapshot()).toBe(before)
    expect(fx.engine.listRuns()).toHaveLength(1)
  })

  it('holds answers within its byte bound, dropping the oldest', async () => {
    const dedup = new RequestDedup({ maxBytes: 4_096, maxEntryBytes: 1_024 })
    let calls = 0
    const answer = () => Promise.resolve(new Response('x'.repeat(200), { status: 201 }))
    for (let i = 0; i < 100; i++) await dedup.run(`k${i}`, 'f', () => (calls++, answer()))
    expect(dedup.heldBytes).toBeLessThanOrEqual(4_096)
    expect(dedup.size).toBeGreaterThan(5)
    expect(dedup.size).toBeLessThan(20)
    await dedup.run('k99', 'f', () => (calls++, answer()))
    expect(calls).toBe(100)
    await dedup.run('k0', 'f', () => (calls++, answer()))
    expect(calls).toBe(101)
  })

  it('does not keep an answer over its entry bound or past its age', async () => {
    let calls = 0
    const big = new RequestDedup({ maxEntryBytes: 1_024 })
    for (let i = 0; i < 2; i++) await big.run('k', 'f', () => (calls++, Promise.resolve(new Response('x'.repeat(5_000)))))
    expect(calls).toBe(2)
    expect(big.heldBytes).toBe(0)
    const old = new RequestDedup({ ttlMs: 0 })
    for (let i = 0; i < 2; i++) await old.run('k', 'f', () => (calls++, Promise.resolve(new Response('small'))))
    expect(calls).toBe(4)
  })
})
