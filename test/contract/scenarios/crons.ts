import { describe, expect, it } from 'vitest'
import { createCron, cron, deleteCron, getTransport, listCrons, task } from 'backlot'
import type { Harness } from '../harness.js'
import { DAY, HOUR, MINUTE, START, iso } from '../support.js'

async function runsOf(taskId: string) {
  const runs = await getTransport().listRuns({ taskId })
  return runs.sort((a, b) => Date.parse(a.scheduledAt ?? a.createdAt) - Date.parse(b.scheduledAt ?? b.createdAt))
}

export function crons(h: Harness): void {
  describe('crons', () => {
    it('fires a declared cron on its schedule, each run with its own scheduledAt', async () => {
      const fired: string[] = []
      const quarter = cron('crons-quarter', '*/15 * * * *', async (ctx) => {
        fired.push(ctx.run.scheduledAt!.toISOString())
        return { at: ctx.run.scheduledAt }
      })
      await h.setup([quarter], { now: START })
      await h.advance('1h')
      const expected = [15, 30, 45, 60].map((m) => iso(START + m * MINUTE))
      expect(fired).toEqual(expected)
      const runs = await runsOf('crons-quarter')
      expect(runs.map((r) => [r.scheduledAt, r.cron, r.status])).toEqual(expected.map((at) => [at, 'crons-quarter', 'completed']))
      expect(runs.map((r) => r.result)).toEqual(expected.map((at) => ({ at })))
    })

    it('fires every missed firing in order when the clock jumps, each at its own time', async () => {
      const fired: [string, number][] = []
      const hourly = cron('crons-hourly', '0 * * * *', async (ctx) => {
        fired.push([ctx.run.scheduledAt!.toISOString(), ctx.run.createdAt.getTime()])
      })
      await h.setup([hourly], { now: START })
      await h.advanceTo(START + DAY)
      expect(fired).toHaveLength(24)
      expect(fired.map(([at]) => at)).toEqual(Array.from({ length: 24 }, (_, i) => iso(START + (i + 1) * HOUR)))
      for (const [at, created] of fired) expect(created).toBe(Date.parse(at))
    })

    it('reads the schedule in its timezone, across daylight saving time', async () => {
      const fired: string[] = []
      const nineInNewYork = cron(
        'crons-ny',
        '0 9 * * *',
        async (ctx) => {
          fired.push(ctx.run.scheduledAt!.toISOString())
        },
        { timezone: 'America/New_York' },
      )
      // 2026-03-07 is the Saturday before the US switch to daylight saving time.
      await h.setup([nineInNewYork], { now: Date.UTC(2026, 2, 7) })
      await h.advance('2d')
      expect(fired).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'])
    })

    it('applies the retries, timeout and concurrency given to cron()', async () => {
      const attempts: string[] = []
      const flaky = cron(
        'crons-flaky',
        '0 * * * *',
        async (ctx) => {
          attempts.push(`${ctx.run.scheduledAt!.toISOString()} #${ctx.attempt}`)
          if (ctx.attempt === 1) await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))
          return ctx.attempt
        },
        { retries: 1, timeout: '10s', concurrency: 1 },
      )
      await h.setup([flaky], { now: START })
      await h.advance('1h')
      await h.advance('20s')
      const [run] = await runsOf('crons-flaky')
      expect(run).toMatchObject({ status: 'completed', attempts: 2, result: 2 })
      expect(attempts).toEqual([`${iso(START + HOUR)} #1`, `${iso(START + HOUR)} #2`])
    })

    it('does not keep runUntilIdle busy with future firings', async () => {
      let fired = 0
      const daily = cron('crons-daily', '0 0 * * *', async () => void fired++)
      await h.setup([daily], { now: START })
      await h.runUntilIdle()
      expect(fired).toBe(0)
      expect(h.now()).toBe(START)
    })

    it('fires a created cron with its payload and timezone, lists it, and stops after deleteCron', async () => {
      const payloads: unknown[] = []
      const report = task({
        id: 'crons-report',
        run: async (payload: { type: string }, ctx) => {
          payloads.push([payload, ctx.run.scheduledAt!.toISOString()])
        },
      })
      const config = { secretKey: 'sk_test', ref: 'proj' }
      await h.setup([report], { now: START })
      const info = await createCron(config, {
        name: 'crons-report',
        cron: '0 9 * * *',
        timezone: 'Europe/Paris',
        callbackUrl: 'https://myapp.com/api/tasks',
        payload: { type: 'daily' },
      })
      expect(info).toMatchObject({ name: 'crons-report', cron: '0 9 * * *', timezone: 'Europe/Paris', taskId: 'crons-report', source: 'created' })
      expect(info.nextRunAt).toBe('2026-01-01T08:00:00.000Z')
      expect((await listCrons(config)).map((c) => c.name)).toContain('crons-report')
      await h.advance('2d')
      expect(payloads).toEqual([
        [{ type: 'daily' }, '2026-01-01T08:00:00.000Z'],
        [{ type: 'daily' }, '2026-01-02T08:00:00.000Z'],
      ])
      await deleteCron(config, 'crons-report')
      expect((await listCrons(config)).map((c) => c.name)).not.toContain('crons-report')
      await h.advance('2d')
      expect(payloads).toHaveLength(2)
    })

    it('runs the task named by taskId when the cron name differs', async () => {
      const runs: string[] = []
      const cleanup = task({ id: 'crons-cleanup', run: async () => void runs.push('cleaned') })
      await h.setup([cleanup], { now: START })
      await createCron(undefined, { name: 'every-hour', cron: '0 * * * *', taskId: 'crons-cleanup' })
      await h.advance('2h')
      expect(runs).toEqual(['cleaned', 'cleaned'])
      const listed = await runsOf('crons-cleanup')
      expect(listed.map((r) => r.cron)).toEqual(['every-hour', 'every-hour'])
    })

    it('replaces a created cron that is created again with the same name', async () => {
      const runs: string[] = []
      const tick = task({ id: 'crons-tick', run: async (_: void, ctx) => void runs.push(ctx.run.scheduledAt!.toISOString()) })
      await h.setup([tick], { now: START })
      await createCron(undefined, { name: 'crons-tick', cron: '0 * * * *' })
      await createCron(undefined, { name: 'crons-tick', cron: '30 * * * *' })
      await h.advance('1h')
      expect(runs).toEqual([iso(START + 30 * MINUTE)])
    })
  })
}
