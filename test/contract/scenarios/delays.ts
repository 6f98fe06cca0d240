import { describe, expect, it } from 'vitest'
import { task } from 'backlot'
import type { Harness } from '../harness.js'
import { HOUR, MINUTE, START, iso, record } from '../support.js'

export function delays(h: Harness): void {
  describe('delays and idempotency', () => {
    const makeEcho = (calls: string[]) =>
      task({
        id: 'delays-echo',
        run: async ({ name }: { name: string }) => {
          calls.push(name)
          return name
        },
      })

    it('starts a run delayed by a duration once the delay has passed', async () => {
      const calls: string[] = []
      const echo = makeEcho(calls)
      await h.setup([echo], { now: START })
      const handle = await echo.trigger({ name: 'later' }, { delay: '1h' })
      await h.advance('59m')
      expect(calls).toEqual([])
      expect((await record(handle.id)).status).toBe('pending')
      await h.advance('1m')
      expect(calls).toEqual(['later'])
      expect(await record(handle.id)).toMatchObject({ status: 'completed', startedAt: iso(START + HOUR) })
    })

    it('starts a run delayed until a Date at that time', async () => {
      const calls: string[] = []
      const echo = makeEcho(calls)
      await h.setup([echo], { now: START })
      const at = new Date(START + 3 * HOUR + 15 * MINUTE)
      const handle = await echo.trigger({ name: 'at' }, { delay: at })
      expect((await record(handle.id)).waitingFor).toEqual({ kind: 'delay', until: at.toISOString() })
      await h.runUntilIdle()
      expect((await record(handle.id)).startedAt).toBe(at.toISOString())
    })

    it('starts at once when the delay Date is already past', async () => {
      const calls: string[] = []
      const echo = makeEcho(calls)
      await h.setup([echo], { now: START })
      const handle = await echo.trigger({ name: 'past' }, { delay: new Date(START - HOUR) })
      await h.runUntilIdle()
      expect((await record(handle.id)).startedAt).toBe(iso(START))
    })

    it('returns the existing run for a live idempotency key', async () => {
      const calls: string[] = []
      const echo = makeEcho(calls)
      await h.setup([echo])
      const first = await echo.trigger({ name: 'one' }, { idempotencyKey: 'order-1' })
      const second = await echo.trigger({ name: 'two' }, { idempotencyKey: 'order-1' })
      const other = await echo.trigger({ name: 'three' }, { idempotencyKey: 'order-2' })
      expect(second.id).toBe(first.id)
      expect(other.id).not.toBe(first.id)
      await h.runUntilIdle()
      const again = await echo.trigger({ name: 'four' }, { idempotencyKey: 'order-1' })
      expect(again.id).toBe(first.id)
      await h.runUntilIdle()
      expect(calls.sort()).toEqual(['one', 'three'])
      expect(await record(first.id)).toMatchObject({ status: 'completed', result: 'one', idempotencyKey: 'order-1' })
    })

    it('makes a new run once the idempotency key has expired', async () => {
      const calls: string[] = []
      const echo = makeEcho(calls)
      await h.setup([echo])
      const first = await echo.trigger({ name: 'one' }, { idempotencyKey: 'k', idempotencyKeyTTL: '1h' })
      await h.advance('59m')
      expect((await echo.trigger({ name: 'two' }, { idempotencyKey: 'k' })).id).toBe(first.id)
      await h.advance('1m')
      const fresh = await echo.trigger({ name: 'three' }, { idempotencyKey: 'k' })
      expect(fresh.id).not.toBe(first.id)
      await h.runUntilIdle()
      expect(calls).toEqual(['one', 'three'])
    })

    it('scopes idempotency keys to their task', async () => {
      const a = task({ id: 'delays-a', run: async () => 'a' })
      const b = task({ id: 'delays-b', run: async () => 'b' })
      await h.setup([a, b])
      const ra = await a.trigger(undefined, { idempotencyKey: 'same' })
      const rb = await b.trigger(undefined, { idempotencyKey: 'same' })
      expect(ra.id).not.toBe(rb.id)
      await h.runUntilIdle()
      expect((await record(rb.id)).result).toBe('b')
    })
  })
}
