import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../src/clock/virtual-clock.js'
import { Engine } from 'backlot/host'
import type { RecoveryReport, TaskPolicy } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'
import { task } from '../../src/sdk/task.js'
import type { RunStore } from '../../src/store/run-store.js'
import type { StoreFactory } from './store-factory.js'

const T0 = Date.UTC(2026, 0, 1)
const MIN = 60_000
const HOUR = 3_600_000

/** One engine life on a store: boot at a time, recover, drive the clock, crash. */
class Life {
  readonly clock: VirtualClock
  readonly engine: Engine
  readonly driver: TimeDriver
  report!: RecoveryReport

  private constructor(readonly store: RunStore, at: number, tasks: TaskPolicy[]) {
    this.clock = new VirtualClock(at)
    this.engine = new Engine({ clock: this.clock, store, tasks, seed: 7 })
    this.driver = new TimeDriver(this.engine, this.clock, { hangTimeoutMs: 50 })
  }

  static async start(store: RunStore, at: number, tasks: TaskPolicy[]): Promise<Life> {
    const life = new Life(store, at, tasks)
    life.report = await life.engine.recover()
    return life
  }

  /** What kill -9 leaves: only what was flushed. */
  async crash(factory: StoreFactory): Promise<RunStore> {
    await this.store.flush()
    this.engine.dispose()
    return factory.reopen(this.store)
  }
}

/** The engine over a store: whatever it acknowledged survives a restart and finishes once. */
export function recoveryContract(factory: StoreFactory): void {
  describe(`an engine restarted on the ${factory.name} run store`, () => {
    afterEach(() => factory.cleanup())

    it('resumes a sleeping run without running its completed step again', async () => {
      const ran: string[] = []
      const order = task({
        id: 'rec-sleep',
        run: async (_p: unknown, { step }) => {
          await step.run('charge', () => ran.push('charge'))
          await step.sleep('cool-off', '1h')
          await step.run('ship', () => ran.push('ship'))
          return 'shipped'
        },
      })
      const first = await Life.start(await factory.open(), T0, [order])
      const { id } = first.engine.trigger(order, {})
      await first.driver.advance('1m')
      expect(first.engine.getRun(id).waitingFor).toMatchObject({ kind: 'sleep' })
      const second = await Life.start(await first.crash(factory), T0 + 2 * HOUR, [order])
      expect(second.report).toMatchObject({ runs: 1, active: 1, interrupted: [] })
      await second.driver.runUntilIdle()
      expect(second.engine.getRun(id)).toMatchObject({ status: 'completed', result: 'shipped' })
      expect(ran).toEqual(['charge', 'ship'])
      second.engine.dispose()
    })

    it('fires a delay and a retry that fell due while stopped, in the order they were due', async () => {
      const seen: string[] = []
      const flaky = task({
        id: 'rec-flaky',
        retry: { maxAttempts: 3, backoff: 'fixed', minDelay: '10m' },
        run: async (_p: unknown, ctx) => {
          seen.push(`flaky:${ctx.attempt}`)
          if (ctx.attempt === 1) throw new Error('first attempt fails')
        },
      })
      const later = task({ id: 'rec-later', run: async () => void seen.push('later') })
      const first = await Life.start(await factory.open(), T0, [flaky, later])
      const delayed = first.engine.trigger(later, {}, { delay: '2h' })
      const retried = first.engine.trigger(flaky, {})
      await first.driver.advance('1m')
      expect(first.engine.getRun(retried.id).waitingFor).toMatchObject({ kind: 'retry' })
      const second = await Life.start(await first.crash(factory), T0 + 3 * HOUR, [flaky, later])
      await second.driver.runUntilIdle()
      expect(seen).toEqual(['flaky:1', 'flaky:2', 'later'])
      expect(second.engine.getRun(delayed.id).status).toBe('completed')
      expect(second.engine.getRun(retried.id)).toMatchObject({ status: 'completed', attempts: 2 })
      second.engine.dispose()
    })

    it('records an attempt in flight at the crash as interrupted and runs it again', async () => {
      let hang = true
      let calls = 0
      const slow = task({
        id: 'rec-slow',
        retry: { maxAttempts: 1 },
        run: async (_p: unknown, { step }) => {
          await step.run('count', () => ++calls)
          if (hang) await new Promise(() => undefined)
          return 'done'
        },
      })
      const first = await Life.start(await factory.open(), T0, [slow])
      const { id } = first.engine.trigger(slow, {})
      await first.driver.advance('1s')
      expect(first.engine.getRun(id).status).toBe('running')
      hang = false
      const second = await Life.start(await first.crash(factory), T0 + MIN, [slow])
      expect(second.report.interrupted).toEqual([id])
      await second.driver.runUntilIdle()
      const events = second.engine.events(id)
      expect(events.find((e) => e.type === 'attempt.failed')).toMatchObject({ attempt: 1, error: { name: 'InterruptedError', code: 'INTERRUPTED', retriable: true } })
      expect(second.engine.getRun(id)).toMatchObject({ status: 'completed', attempts: 2, result: 'done' })
      expect(calls).toBe(2) // the step's result was never journaled: the interrupted invocation had not ended
      second.engine.dispose()
    })

    it('wakes a parent waiting on its child when the child ends after the restart', async () => {
      const child = task({
        id: 'rec-child',
        run: async (n: number, { step }) => {
          await step.sleep('nap', '1h')
          return n * 2
        },
      })
      const parent = task({ id: 'rec-parent', run: async () => ({ got: await child.triggerAndWait(21) }) })
      const first = await Life.start(await factory.open(), T0, [parent, child])
      const { id } = first.engine.trigger(parent, {})
      await first.driver.advance('1m')
      expect(first.engine.getRun(id).waitingFor).toMatchObject({ kind: 'child' })
      const second = await Life.start(await first.crash(factory), T0 + 2 * HOUR, [parent, child])
      await second.driver.runUntilIdle()
      expect(second.engine.getRun(id)).toMatchObject({ status: 'completed', result: { got: 42 } })
      second.engine.dispose()
    })

    it('keeps a live idempotency key pointing at its run', async () => {
      const mail = task({ id: 'rec-mail', run: async () => 'sent' })
      const first = await Life.start(await factory.open(), T0, [mail])
      const run = first.engine.trigger(mail, {}, { idempotencyKey: 'order-9', delay: '1h' })
      const second = await Life.start(await first.crash(factory), T0 + MIN, [mail])
      expect(second.engine.trigger(mail, {}, { idempotencyKey: 'order-9' }).id).toBe(run.id)
      await second.driver.runUntilIdle()
      expect(second.engine.listRuns()).toHaveLength(1)
      second.engine.dispose()
    })

    it('brings back a created cron and catches up at most 10 missed firings, in order', async () => {
      const tick = task({ id: 'rec-tick', run: async () => 'tock' })
      const first = await Life.start(await factory.open(), T0, [tick])
      first.engine.createCron({ name: 'every-minute', cron: '* * * * *', taskId: 'rec-tick' })
      await first.driver.advance('3m')
      const second = await Life.start(await first.crash(factory), T0 + 33 * MIN + 30_000, [tick])
      expect(second.engine.crons.list()).toMatchObject([{ name: 'every-minute', source: 'created' }])
      await second.driver.advance(0)
      await second.driver.runUntilIdle()
      const fired = second.engine.listRuns().map((r) => (Date.parse(r.scheduledAt!) - T0) / MIN)
      expect(fired).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
      await second.driver.advance('1m')
      expect(second.engine.listRuns().map((r) => (Date.parse(r.scheduledAt!) - T0) / MIN).slice(-1)).toEqual([34])
      second.engine.dispose()
    })

    it('compacts ended runs away from the store and from memory', async () => {
      const quick = task({ id: 'rec-quick', run: async () => 1 })
      const first = await Life.start(await factory.open(), T0, [quick])
      const ids = [0, 1, 2].map(() => first.engine.trigger(quick, {}).id)
      await first.driver.runUntilIdle()
      expect(await first.engine.compact({ endedBefore: 0, maxEnded: 1 })).toEqual(ids.slice(0, 2))
      expect(first.engine.get(ids[0]!)).toBeUndefined()
      const second = await Life.start(await first.crash(factory), T0 + MIN, [quick])
      expect(second.engine.listRuns().map((r) => r.id)).toEqual([ids[2]])
      second.engine.dispose()
    })
  })
}
