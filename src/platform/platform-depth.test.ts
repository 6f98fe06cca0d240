import { afterEach, describe, expect, it } from 'vitest'
import { json, platformFixture } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

/** The JSON text of a payload nested `depth` levels: 4,500 levels is 9 KB. */
const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

describe('platform API: deeply nested bodies', () => {
  it('refuses a deeply nested payload with 400 and a clear message on trigger, batch and crons', async () => {
    fx = platformFixture()
    const before = fx.snapshot()
    for (const [path, raw] of [
      ['/tasks/send-email/trigger', `{"payload":${deep(4_500)}}`],
      ['/tasks/send-email/batch', `{"items":[{"payload":${deep(4_500)}}]}`],
      ['/crons', `{"name":"n","cron":"* * * * *","payload":${deep(100_000)}}`],
    ] as const) {
      const res = await fx.call('POST', path, { raw })
      expect(res.status).toBe(400)
      const body = await json(res)
      expect(body.error.code).toBe('INVALID_JSON')
      expect(body.error.message).toMatch(/^Failed to read the request body: it nests objects or arrays more than 512 levels deep\./)
      expect(body.error.message).not.toMatch(/call stack|\n\s+at /)
    }
    expect(fx.snapshot()).toBe(before)
  })

  it('refuses a payload just past the limit inside a small envelope with 400 naming the payload', async () => {
    fx = platformFixture()
    const res = await fx.call('POST', '/tasks/send-email/trigger', { raw: `{"payload":${deep(513)}}` })
    expect(res.status).toBe(400)
    expect((await json(res)).error).toMatchObject({ code: 'NOT_SERIALIZABLE', message: expect.stringMatching(/payload of task "send-email".*512 levels/) })
  })
})
