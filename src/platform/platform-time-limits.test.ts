import { afterEach, describe, expect, it } from 'vitest'
import { json, platformFixture } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

describe('platform API: time limits', () => {
  it('refuses a delay no date can hold with 400 INVALID_DURATION, and every read keeps working', async () => {
    fx = platformFixture()
    await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.settle()
    const before = fx.snapshot()
    for (const options of [{ delay: 8_640_000_000_000_000 }, { delay: '400 days' }, { delayUntil: '2099-01-01T00:00:00Z' }]) {
      const res = await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options } })
      expect(res.status).toBe(400)
      const body = await json(res)
      expect(body.error.code).toBe('INVALID_DURATION')
      expect(body.error.message).toMatch(/^Failed to accept the delay of task "send-email": .*365 days/)
    }
    expect(fx.snapshot()).toBe(before)
    expect((await fx.call('GET', '/runs')).status).toBe(200)
  })

  it('refuses a batch with one item delayed past the limit, naming the item, and creates no run', async () => {
    fx = platformFixture()
    const before = fx.snapshot()
    const res = await fx.call('POST', '/tasks/send-email/batch', { body: { items: [{ payload: { to: 'a' } }, { payload: { to: 'b' }, options: { delay: 1e16 } }] } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error).toMatchObject({ code: 'INVALID_DURATION', message: expect.stringMatching(/^Failed to trigger batch item 1 of task "send-email": /) })
    expect(fx.snapshot()).toBe(before)
  })

  it('refuses delay and delayUntil together with 400 INVALID_OPTION instead of picking one', async () => {
    fx = platformFixture()
    const before = fx.snapshot()
    for (const path of ['/tasks/send-email/trigger', '/tasks/send-email/batch']) {
      const item = { payload: { to: 'a' }, options: { delay: '1h', delayUntil: '2026-01-02T00:00:00Z' } }
      const res = await fx.call('POST', path, { body: path.endsWith('batch') ? { items: [item] } : item })
      expect(res.status).toBe(400)
      const body = await json(res)
      expect(body.error.code).toBe('INVALID_OPTION')
      expect(body.error.message).toMatch(/both delay .* and delayUntil .*Pass one of them/)
    }
    expect(fx.snapshot()).toBe(before)
  })
})
