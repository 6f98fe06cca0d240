import { describe, expect, it } from 'vitest'
import { task } from 'backlot'
import type { Harness } from '../harness.js'
import { START, iso, record } from '../support.js'

export function logs(h: Harness): void {
  describe('logs', () => {
    it('records ctx.log and its levelled variants with level, time, attempt and data', async () => {
      const chatty = task('logs-chatty', async (ctx, { id }: { id: string }) => {
        ctx.log(`Sent email to ${id}`)
        ctx.log.debug('debugging', { n: 1 })
        ctx.log.info('informing')
        ctx.log.warn('warning')
        ctx.log.error('erring', { when: new Date(START) })
      })
      await h.setup([chatty], { now: START })
      const handle = await chatty.trigger({ id: 'ada@example.com' })
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done.logs).toEqual([
        { level: 'info', message: 'Sent email to ada@example.com', at: iso(START), attempt: 1 },
        { level: 'debug', message: 'debugging', at: iso(START), attempt: 1, data: { n: 1 } },
        { level: 'info', message: 'informing', at: iso(START), attempt: 1 },
        { level: 'warn', message: 'warning', at: iso(START), attempt: 1 },
        { level: 'error', message: 'erring', at: iso(START), attempt: 1, data: { when: iso(START) } },
      ])
      const logEvents = (await h.events(handle.id)).filter((e) => e.type === 'log')
      expect(logEvents.map((e) => (e.type === 'log' ? e.level : ''))).toEqual(['info', 'debug', 'info', 'warn', 'error'])
    })

    it('does not duplicate log lines when a sleeping run is replayed', async () => {
      const sleepy = task('logs-sleepy', async (ctx) => {
        ctx.log('before the step')
        await ctx.step.run('work', () => 1)
        ctx.log('before the nap')
        await ctx.step.sleep('nap', '1h')
        ctx.log('after the nap')
        await ctx.step.sleep('nap', '1h')
        ctx.log('after the second nap')
      })
      await h.setup([sleepy], { now: START })
      const handle = await sleepy.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done.logs.map((l) => [l.message, l.at])).toEqual([
        ['before the step', iso(START)],
        ['before the nap', iso(START)],
        ['after the nap', iso(START + 3_600_000)],
        ['after the second nap', iso(START + 7_200_000)],
      ])
    })

    it('keeps the lines of a failed attempt and logs the retry under its own attempt number', async () => {
      const flaky = task(
        'logs-flaky',
        async (ctx) => {
          ctx.log(`trying, attempt ${ctx.attempt}`)
          if (ctx.attempt === 1) throw new Error('nope')
        },
        { retries: 1 },
      )
      await h.setup([flaky])
      const handle = await flaky.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done.logs.map((l) => [l.attempt, l.message])).toEqual([
        [1, 'trying, attempt 1'],
        [2, 'trying, attempt 2'],
      ])
    })
  })
}
