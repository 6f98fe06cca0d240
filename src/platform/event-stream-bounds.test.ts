import { afterEach, describe, expect, it } from 'vitest'
import { realMacrotask } from '../model/real-timers.js'
import type { RunEvent } from '../model/events.js'
import { json, platformFixture } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

const decoder = new TextDecoder()

/** Reads raw chunks until `until` holds for the text so far, or `turns` reads with nothing new. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: (text: string) => boolean): Promise<string> {
  let text = ''
  while (!until(text)) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value)
  }
  return text
}

describe('platform API: event stream bounds', () => {
  it('sends a heartbeat comment every heartbeatMs, here on the engine clock', async () => {
    fx = platformFixture({ waitTimers: 'clock', events: { heartbeatMs: 15_000 } })
    const res = await fx.call('GET', '/events')
    const reader = res.body!.getReader()
    expect(await readUntil(reader, (t) => t.includes('backlot event stream'))).not.toContain('heartbeat')
    await fx.clock.advance('15s')
    expect(await readUntil(reader, (t) => t.includes(': heartbeat'))).toBe(': heartbeat\n\n')
    await fx.clock.advance('15s')
    expect(await readUntil(reader, (t) => t.includes(': heartbeat'))).toBe(': heartbeat\n\n')
    await reader.cancel()
  })

  it('serialises each event once for all streams', async () => {
    fx = platformFixture()
    const readers = await Promise.all([1, 2, 3].map(async () => (await fx.call('GET', '/events')).body!.getReader()))
    for (const reader of readers) await reader.read() // the opening comment
    await fx.call('POST', '/tasks/always-fails/trigger', {})
    const chunks = await Promise.all(readers.map(async (r) => (await r.read()).value))
    expect(decoder.decode(chunks[0])).toContain('event: run.triggered')
    expect(chunks[1]).toBe(chunks[0])
    expect(chunks[2]).toBe(chunks[0])
    for (const reader of readers) await reader.cancel()
    await fx.driver.runUntilIdle()
  })

  it('cuts off a client that falls behind its buffer bound, which then resumes with Last-Event-ID', async () => {
    fx = platformFixture({ events: { maxBufferBytes: 2_048 } })
    const published: string[] = []
    fx.engine.subscribe((event: RunEvent, run) => void published.push(`${event.runId}:${run.events.length - 1}`))
    const slow = await fx.call('GET', '/events')
    for (let i = 0; i < 20; i++) await fx.call('POST', '/tasks/always-fails/trigger', {})
    await fx.driver.runUntilIdle()
    const text = await readUntil(slow.body!.getReader(), () => false)
    expect(text).toMatch(/: this client fell more than 2048 bytes behind; reconnect with Last-Event-ID to resume\n\n$/)
    const firstIds = [...text.matchAll(/^id: (.+)$/gm)].map((m) => m[1]!)
    expect(firstIds.length).toBeGreaterThan(3)
    expect(firstIds.length).toBeLessThan(published.length)
    // Each reconnect resumes after the last id it saw (a resumed burst may be cut off again).
    const ids = [...firstIds]
    for (let reconnects = 0; ids.length < published.length && reconnects < 50; reconnects++) {
      const resumed = await fx.call('GET', '/events', { headers: { 'last-event-id': ids.at(-1)! } })
      const reader = resumed.body!.getReader()
      const chunk = await readUntil(reader, (t) => t.includes(': this client fell') || (t.match(/^id: /gm)?.length ?? 0) + ids.length === published.length)
      await reader.cancel()
      ids.push(...[...chunk.matchAll(/^id: (.+)$/gm)].map((m) => m[1]!))
    }
    expect(ids).toEqual(published)
  })

  it('opens many streams and long-polls without a MaxListenersExceededWarning', async () => {
    fx = platformFixture()
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(w.name)
    process.on('warning', onWarning)
    try {
      const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
      await fx.driver.settle()
      const streams = await Promise.all(Array.from({ length: 30 }, () => fx.call('GET', '/events')))
      const polls = Array.from({ length: 30 }, () => fx.call('GET', `/runs/${id}?wait=30s`))
      await realMacrotask()
      await realMacrotask()
      fx.api.close()
      expect((await Promise.all(polls)).map((r) => r.headers.get('x-backlot-wait'))).toEqual(polls.map(() => 'closed'))
      for (const s of streams) expect(await s.text()).toBe(': backlot event stream\n\n')
      await realMacrotask()
      expect(warnings).not.toContain('MaxListenersExceededWarning')
    } finally {
      process.off('warning', onWarning)
    }
  })
})
