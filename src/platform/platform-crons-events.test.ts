import { afterEach, describe, expect, it } from 'vitest'
import { CronInfoSchema, ListCronsResponseSchema } from '../protocol/api-crons.js'
import { parseSse, RunEventSchema, type SseMessage } from '../protocol/api-events.js'
import { json, platformFixture } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

async function collect(body: ReadableStream<Uint8Array>, until?: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const out: SseMessage[] = []
  for await (const message of parseSse(body)) {
    out.push(message)
    if (until?.(message)) break
  }
  return out
}

describe('platform API: crons', () => {
  it('creates, lists and deletes a cron', async () => {
    fx = platformFixture()
    const res = await fx.call('POST', '/crons', { body: { name: 'daily-report', cron: '0 9 * * *', taskId: 'send-email', payload: { to: 'ops' }, callbackUrl: 'https://myapp.com/api/tasks' } })
    expect(res.status).toBe(201)
    expect(CronInfoSchema.parse(await json(res))).toEqual({
      name: 'daily-report',
      cron: '0 9 * * *',
      timezone: 'UTC',
      taskId: 'send-email',
      payload: { to: 'ops' },
      callbackUrl: 'https://myapp.com/api/tasks',
      source: 'created',
      nextRunAt: '2026-01-01T09:00:00.000Z',
    })
    const { crons } = ListCronsResponseSchema.parse(await json(await fx.call('GET', '/crons')))
    expect(crons.map((c) => c.name)).toEqual(['daily-report'])
    const deleted = await fx.call('DELETE', '/crons/daily-report')
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    expect(fx.engine.crons.list()).toEqual([])
  })

  it('fires a created cron as time moves', async () => {
    fx = platformFixture()
    await fx.call('POST', '/crons', { body: { name: 'send-email', cron: '0 * * * *', payload: { to: 'ops' } } })
    await fx.driver.advance('2h')
    await fx.driver.runUntilIdle()
    const runs = fx.engine.listRuns({ taskId: 'send-email' })
    expect(runs.map((r) => [r.cron, r.status])).toEqual([['send-email', 'completed'], ['send-email', 'completed']])
  })
})

describe('platform API: event stream', () => {
  it("streams a run's past and live events as Server-Sent Events and ends with the run", async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.settle()
    const res = await fx.call('GET', `/events?runId=${id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const messages = collect(res.body!)
    await fx.driver.runUntilIdle()
    const received = await messages
    const events = received.map((m) => RunEventSchema.parse(JSON.parse(m.data)))
    expect(events).toEqual(fx.engine.events(id))
    expect(received.map((m) => m.event)).toEqual(events.map((e) => e.type))
    expect(received.map((m) => m.id)).toEqual(events.map((_, i) => `${id}:${i}`))
    expect(events.at(-1)?.type).toBe('run.completed')
  })

  it('resumes after Last-Event-ID', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.runUntilIdle()
    const res = await fx.call('GET', `/events?runId=${id}`, { headers: { 'last-event-id': `${id}:2` } })
    const received = await collect(res.body!)
    expect(received.map((m) => m.id)).toEqual(fx.engine.events(id).slice(3).map((_, i) => `${id}:${i + 3}`))
  })

  it('streams live events of every run until the reader stops', async () => {
    fx = platformFixture()
    const res = await fx.call('GET', '/events')
    const first = collect(res.body!, (m) => m.event === 'run.triggered')
    await fx.call('POST', '/tasks/always-fails/trigger', {})
    const [message] = await first
    expect(RunEventSchema.parse(JSON.parse(message!.data))).toMatchObject({ type: 'run.triggered', taskId: 'always-fails' })
    await fx.driver.runUntilIdle()
  })

  it('ends open streams when the API closes', async () => {
    fx = platformFixture()
    const res = await fx.call('GET', '/events')
    const all = collect(res.body!)
    fx.api.close()
    expect(await all).toEqual([])
  })
})
