import { describe, expect, it } from 'vitest'
import { cancelTask, cron, getTransport, task } from 'backlot'
import { foldEvents, toRunRecord } from 'backlot/host'
import type { Harness } from '../harness.js'
import { record } from '../support.js'

export function events(h: Harness): void {
  describe('the event log', () => {
    it('folds into exactly the status record getTask returns, at every stage', async () => {
      const child = task('events-child', async (ctx, { n }: { n: number }) => {
        await ctx.step.sleep('nap', '10m')
        return n * 2
      })
      const parent = task(
        'events-parent',
        async (ctx, { n }: { n: number }) => {
          const a = await ctx.step.run('load', () => ({ n, at: new Date(0) }))
          ctx.log.warn('loaded', a)
          await ctx.task('events-child', { n })
          if (ctx.attempt === 1) throw new Error('first attempt fails')
          await ctx.step.sleep('cool', '30m')
          await ctx.step.sleep('cool', '30m')
          const doubled = await child.triggerAndWait({ n: n + 1 })
          return { doubled }
        },
        { retries: 1 },
      )
      await h.setup([parent, child])
      const handle = await parent.trigger({ n: 4 })
      const check = async () => {
        const log = await h.events(handle.id)
        expect(toRunRecord(foldEvents(log))).toEqual(await record(handle.id))
      }
      await check()
      await h.settle()
      await check()
      await h.advance('30m')
      await check()
      await h.advance('50m')
      await check()
      await h.runUntilIdle()
      await check()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: { doubled: 10 }, attempts: 2 })
      for (const id of done.children) expect(toRunRecord(foldEvents(await h.events(id)))).toEqual(await record(id))
    })

    it('folds a cron run, a cancelled run and a failed run into their status records', async () => {
      const ticking = cron('events-cron', '0 * * * *', async (ctx) => ctx.run.scheduledAt)
      const later = task({ id: 'events-later', run: async () => 'never' })
      const broken = task({ id: 'events-broken', retry: { maxAttempts: 2 }, run: async () => { throw new Error('broken') } })
      await h.setup([ticking, later, broken])
      const cancelled = await later.trigger(undefined, { delay: '1d' })
      const failed = await broken.trigger()
      await h.advance('1h')
      await cancelTask(undefined, cancelled.id)
      const [cronRun] = await getTransport().listRuns({ taskId: 'events-cron' })
      for (const id of [cronRun!.id, cancelled.id, failed.id]) {
        expect(toRunRecord(foldEvents(await h.events(id)))).toEqual(await record(id))
      }
      expect((await record(cronRun!.id)).scheduledAt).toBeDefined()
    })

    it('starts with run.triggered and ends with exactly one terminal event', async () => {
      const flaky = task('events-flaky', async (ctx) => {
        await ctx.step.run('one', () => 1)
        if (ctx.attempt === 1) throw new Error('again')
        return 'ok'
      }, { retries: 1 })
      await h.setup([flaky])
      const handle = await flaky.trigger()
      await h.runUntilIdle()
      const types = (await h.events(handle.id)).map((e) => e.type)
      expect(types).toEqual([
        'run.triggered',
        'attempt.started',
        'step.completed',
        'attempt.failed',
        'attempt.started',
        'run.completed',
      ])
    })
  })
}
