import { createCron, deleteCron, listCrons } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { dailyReport, hourlyCleanup, scheduleDailyReport, store } from './tasks.js'

const MONDAY_8AM = '2026-03-02T08:00:00Z'
const config = {}

describe('the daily report and the hourly cleanup', () => {
  beforeEach(() => {
    store.orders = [
      { at: '2026-03-01T10:00:00.000Z', cents: 1500 },
      { at: '2026-03-01T18:30:00.000Z', cents: 2500 },
      { at: '2026-03-02T11:00:00.000Z', cents: 900 },
    ]
    store.sessions = []
    store.reports = []
  })

  it('reports on the day before, at 09:00 UTC every day, with the payload given to createCron', async () => {
    await using engine = createTestEngine({ tasks: [dailyReport, hourlyCleanup], now: MONDAY_8AM }).use()
    expect(await scheduleDailyReport(config)).toMatchObject({ name: 'daily-report', source: 'created', nextRunAt: '2026-03-02T09:00:00.000Z' })

    await engine.advance('2 days')
    expect(engine.runs({ cron: 'daily-report' }).map((r) => [r.scheduledAt, r.payload, r.result])).toEqual([
      ['2026-03-02T09:00:00.000Z', { type: 'daily' }, { day: '2026-03-01', type: 'daily', orders: 2, cents: 4000 }],
      ['2026-03-03T09:00:00.000Z', { type: 'daily' }, { day: '2026-03-02', type: 'daily', orders: 1, cents: 900 }],
    ])
    expect(store.reports.map((r) => r.day)).toEqual(['2026-03-01', '2026-03-02'])
  })

  it('runs each hourly firing the clock jumped over, in order, each cleaning up as of its own time', async () => {
    await using engine = createTestEngine({ tasks: [dailyReport, hourlyCleanup], now: MONDAY_8AM })
    store.sessions = [
      { id: 's1', expiresAt: '2026-03-02T08:30:00.000Z' },
      { id: 's2', expiresAt: '2026-03-02T09:00:00.000Z' },
      { id: 's3', expiresAt: '2026-03-02T10:15:00.000Z' },
    ]
    await engine.advance('3h')
    expect(engine.runs({ task: hourlyCleanup }).map((r) => [r.scheduledAt, r.result])).toEqual([
      ['2026-03-02T09:00:00.000Z', { removed: 2 }],
      ['2026-03-02T10:00:00.000Z', { removed: 0 }],
      ['2026-03-02T11:00:00.000Z', { removed: 1 }],
    ])
    expect(engine.runs({ task: hourlyCleanup })[0]).toHaveLogged('Removed 2 expired sessions')
  })

  it('lists the declared cron beside the created one, replaces a cron created again by name, and stops a deleted one', async () => {
    await using engine = createTestEngine({ tasks: [dailyReport, hourlyCleanup], now: MONDAY_8AM }).use()
    await scheduleDailyReport(config)
    await createCron(config, { name: 'daily-report', cron: '30 6 * * 1-5', timezone: 'Europe/Paris', payload: { type: 'daily' } })
    expect((await listCrons(config)).map((c) => [c.name, c.source, c.nextRunAt])).toEqual([
      ['hourly-cleanup', 'declared', '2026-03-02T09:00:00.000Z'],
      ['daily-report', 'created', '2026-03-03T05:30:00.000Z'], // 06:30 in Paris (UTC+1) on Tuesday
    ])

    await deleteCron(config, 'daily-report')
    await engine.advance('2 days')
    expect(engine.runs({ task: dailyReport })).toEqual([])
    expect(engine.runs({ task: hourlyCleanup })).toHaveLength(48)
  })
})
