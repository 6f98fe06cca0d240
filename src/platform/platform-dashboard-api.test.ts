import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine/engine.js'
import { ClockStateSchema } from '../protocol/api-clock.js'
import { CronDetailsSchema, CronInfoSchema } from '../protocol/api-crons.js'
import { ListTasksResponseSchema, TaskStatsSchema } from '../protocol/api-tasks.js'
import { json, ORIGIN, platformFixture, SECRET } from './api.fixture.js'
import { createPlatformApi } from './create-platform-api.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())


describe('platform API: clock', () => {
  it('reads the virtual time beside the wall time and the next timer', async () => {
    fx = platformFixture()
    await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } })
    await fx.driver.settle()
    const state = ClockStateSchema.parse(await json(await fx.call('GET', '/clock')))
    expect(state).toMatchObject({ virtual: true, now: '2026-01-01T00:00:00.000Z', nextTimerAt: '2026-01-01T00:01:00.000Z', activeRuns: 1 })
    expect(Math.abs(Date.parse(state.wallNow) - Date.now())).toBeLessThan(60_000)
  })

  it('advances by a duration, to the next timer, and until idle, running what comes due', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.settle()
    const advanced = await json(await fx.call('POST', '/clock/advance', { body: { duration: '30s' } }))
    expect(advanced.now).toBe('2026-01-01T00:00:30.000Z')
    const next = await json(await fx.call('POST', '/clock/next'))
    expect(next).toMatchObject({ now: '2026-01-01T00:01:00.000Z', activeRuns: 0 })
    expect(fx.engine.getRun(id).status).toBe('completed')
    await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'b' }, options: { delay: '2h' } } })
    const idle = await json(await fx.call('POST', '/clock/run-until-idle'))
    expect(idle).toMatchObject({ now: '2026-01-01T02:02:00.000Z', activeRuns: 0, nextTimerAt: null })
  })

  it('refuses to move a system clock with 409 CLOCK_NOT_VIRTUAL, and a past time with 400', async () => {
    fx = platformFixture()
    const past = await fx.call('POST', '/clock/advance', { body: { to: '2025-01-01T00:00:00Z' } })
    expect(past.status).toBe(400)
    const engine = new Engine({ seed: 1 })
    const api = createPlatformApi({ engine, secretKeys: SECRET })
    try {
      const res = await api(new Request(`${ORIGIN}/api/v1/clock/next`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } }))
      expect(res.status).toBe(409)
      expect((await json(res)).error).toEqual({ code: 'CLOCK_NOT_VIRTUAL', message: expect.stringMatching(/^Failed to move the clock to the next timer: the engine runs on the system clock/) })
      const read = await api(new Request(`${ORIGIN}/api/v1/clock`, { headers: { authorization: `Bearer ${SECRET}` } }))
      expect(await json(read)).toMatchObject({ virtual: false, nextTimerAt: null })
    } finally {
      api.close()
      engine.dispose()
    }
  })
})

describe('platform API: cron controls', () => {
  it('shows the next five firings on the engine clock', async () => {
    fx = platformFixture()
    await fx.call('POST', '/crons', { body: { name: 'hourly', cron: '0 * * * *', taskId: 'typed', payload: { n: 1 } } })
    const details = CronDetailsSchema.parse(await json(await fx.call('GET', '/crons/hourly')))
    expect(details.nextFirings).toEqual(['01', '02', '03', '04', '05'].map((h) => `2026-01-01T${h}:00:00.000Z`))
    expect((await json(await fx.call('GET', '/crons/hourly?count=2'))).nextFirings).toHaveLength(2)
  })

  it('pauses a cron so it does not fire, and resumes it from now', async () => {
    fx = platformFixture()
    await fx.call('POST', '/crons', { body: { name: 'hourly', cron: '0 * * * *', taskId: 'typed', payload: { n: 1 } } })
    const paused = CronInfoSchema.parse(await json(await fx.call('POST', '/crons/hourly/pause')))
    expect(paused).toMatchObject({ paused: true, nextRunAt: null })
    await fx.driver.advance('3h')
    expect(fx.engine.listRuns()).toHaveLength(0)
    const resumed = await json(await fx.call('POST', '/crons/hourly/resume'))
    expect(resumed.paused).toBeUndefined()
    expect(resumed.nextRunAt).toBe('2026-01-01T04:00:00.000Z')
    await fx.driver.advance('1h')
    expect(fx.engine.listRuns()).toHaveLength(1)
  })

  it('runs a cron now, marked with its name; 404 for an unknown cron', async () => {
    fx = platformFixture()
    await fx.call('POST', '/crons', { body: { name: 'hourly', cron: '0 * * * *', taskId: 'typed', payload: { n: 3 } } })
    const res = await fx.call('POST', '/crons/hourly/trigger')
    expect(res.status).toBe(201)
    const { id } = await json(res)
    await fx.driver.untilEnded(id)
    expect(fx.engine.getRun(id)).toMatchObject({ cron: 'hourly', result: 6 })
    expect((await fx.call('POST', '/crons/nope/pause')).status).toBe(404)
  })
})

describe('platform API: tasks', () => {
  it("lists each task's configuration with the JSON Schema of its payload", async () => {
    fx = platformFixture()
    const { tasks } = ListTasksResponseSchema.parse(await json(await fx.call('GET', '/tasks')))
    expect(tasks.map((t) => t.id)).toEqual(['send-email', 'always-fails', 'typed'])
    const typed = tasks.find((t) => t.id === 'typed')!
    expect(typed).toMatchObject({ source: 'in-process', retry: { maxAttempts: expect.any(Number) } })
    expect(typed.payloadSchema).toMatchObject({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] })
    expect(tasks.find((t) => t.id === 'always-fails')!.retry.maxAttempts).toBe(1)
  })

  it('counts runs per minute by status and the duration percentiles', async () => {
    fx = platformFixture()
    for (let i = 0; i < 3; i++) await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: String(i) } } })
    await fx.driver.runUntilIdle()
    const stats = TaskStatsSchema.parse(await json(await fx.call('GET', '/tasks/send-email/stats?minutes=5')))
    expect(stats.perMinute).toHaveLength(5)
    expect(stats.perMinute.reduce((n, b) => n + b.completed, 0)).toBe(3)
    expect(stats.duration).toEqual({ count: 3, p50: 60_000, p95: 60_000 })
    expect((await fx.call('GET', '/tasks/nope/stats')).status).toBe(404)
  })
})
