import { afterEach, describe, expect, it } from 'vitest'
import { NonRetriableError, cancelTask, cron, getTransport, task, type TaskContext } from 'backlot'
import { memoryHarness } from './harness.js'
import { SEED, expectSameRecords, normalize, teardownCurrent, useHarness } from './same-records.js'
import { START, deferred } from './support.js'

// "The run records match apart from ids and times": the same scenario, with the same seed, on
// memory, HTTP in-process and HTTP over sockets, must leave the same status records (each root
// run and, recursively, its children) once run ids and timestamps are replaced by placeholders.

afterEach(teardownCurrent)

function untilAborted(ctx: TaskContext): Promise<never> {
  return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }))
}

describe('run records over memory, HTTP in-process and HTTP over sockets', () => {
  it('match for steps, a repeated step name, a sleep and log lines', async () => {
    const records = await expectSameRecords(async (h) => {
      const mail = task({
        id: 'match-steps',
        run: async ({ to }: { to: string }, { step, log }) => {
          const address = await step.run('validate', () => ({ address: to.toLowerCase(), at: new Date(0) }))
          log.info('validated', { address: address.address })
          const sent: number[] = []
          for (let i = 1; i <= 2; i++) sent.push(await step.run('send', () => i))
          await step.sleep('cooldown', '1h')
          await step.sleep('cooldown', '30m')
          log.warn('woke up')
          return { address, sent }
        },
      })
      await h.setup([mail], { seed: SEED, now: START })
      const handle = await mail.trigger({ to: 'Ada@Example.com' })
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records[0]).toMatchObject({ status: 'completed', result: { sent: [1, 2] } })
    expect(records[0]!.logs.map((l) => l.message)).toEqual(['validated', 'woke up'])
  })

  it('match for retries with jittered exponential backoff, a NonRetriableError and running out of attempts', async () => {
    const records = await expectSameRecords(async (h) => {
      let calls = 0
      const flaky = task({
        id: 'match-flaky',
        retry: { maxAttempts: 4, backoff: 'exponential', minDelay: '1s', factor: 3, jitter: 0.5 },
        run: async (_: void, { step, attempt }) => {
          const first = await step.run('first', () => 'kept')
          await step.run('second', () => {
            if (++calls < 3) throw new Error(`call ${calls} fails`)
            return calls
          })
          return { first, attempt }
        },
      })
      const fatal = task({ id: 'match-fatal', run: async () => { throw new NonRetriableError('bad input', { cause: new Error('root cause') }) } })
      const doomed = task('match-doomed', async (ctx) => { throw new Error(`attempt ${ctx.attempt} fails`) }, { retries: 2 })
      await h.setup([flaky, fatal, doomed], { seed: SEED, now: START })
      const ids = [(await flaky.trigger()).id, (await fatal.trigger()).id, (await doomed.trigger()).id]
      await h.runUntilIdle()
      return ids
    })
    expect(records.map((r) => [r.status, r.attempts])).toEqual([['completed', 3], ['failed', 1], ['failed', 3]])
  })

  it('match for ctx.task fan-out children with their own retries', async () => {
    const records = await expectSameRecords(async (h) => {
      const child = task('match-child', async (ctx, { n }: { n: number }) => {
        ctx.log(`child ${n} attempt ${ctx.attempt}`)
        if (n === 2 && ctx.attempt === 1) throw new Error('child 2 fails once')
        return n * n
      }, { retries: 1 })
      const parent = task('match-fan-out', async (ctx) => {
        for (const n of [1, 2, 3]) await ctx.task('match-child', { n })
        ctx.log('dispatched 3')
        return { dispatched: 3 }
      })
      await h.setup([parent, child], { seed: SEED, now: START })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records).toHaveLength(4)
    expect(records.slice(1).map((r) => [r.result, r.attempts])).toEqual([[1, 1], [4, 2], [9, 1]])
  })

  it('match for a parent suspended on triggerAndWait of a sleeping child, and a failed waited-for child', async () => {
    const records = await expectSameRecords(async (h) => {
      const child = task({
        id: 'match-sleepy-child',
        run: async ({ n }: { n: number }, { step }) => {
          await step.sleep('nap', '10m')
          if (n < 0) throw new NonRetriableError('negative')
          return n + 1
        },
      })
      const parent = task({
        id: 'match-waiter',
        run: async (_: void, { step }) => {
          const got = await child.triggerAndWait({ n: 1 })
          let failed = 'no error'
          try {
            await child.triggerAndWait({ n: -1 })
          } catch (error) {
            failed = (error as Error).name
          }
          await step.run('after', () => failed)
          return { got, failed }
        },
      })
      await h.setup([parent, child], { seed: SEED, now: START })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records[0]).toMatchObject({ status: 'completed', result: { got: 2, failed: 'TaskRunFailedError' } })
    expect(records.map((r) => r.status)).toEqual(['completed', 'completed', 'failed'])
  })

  it('match for a cancelled parent whose sleeping children are cancelled with it, and a cancelled running attempt', async () => {
    await expectSameRecords(async (h) => {
      const child = task({ id: 'match-cancel-child', run: async (_: { i: number }, { step }) => step.sleep('day', '1d') })
      const parent = task('match-cancel-parent', async (ctx) => {
        await ctx.task('match-cancel-child', { i: 1 })
        await ctx.task('match-cancel-child', { i: 2 })
        await ctx.step.sleep('wait', '1d')
        return 'never'
      })
      const busy = task('match-busy', async (ctx) => untilAborted(ctx))
      await h.setup([parent, child, busy], { seed: SEED, now: START })
      const handle = await parent.trigger()
      const running = await busy.trigger()
      await h.advance('1h')
      await cancelTask(undefined, handle.id)
      await cancelTask(undefined, running.id)
      await h.advance('2d')
      return [handle.id, running.id]
    })
  })

  it('match for cron firings over two hours, each with its step and log line', async () => {
    const records = await expectSameRecords(async (h) => {
      const half = cron('match-cron', '*/30 * * * *', async (ctx) => {
        const at = await ctx.step.run('stamp', () => ctx.run.scheduledAt!.toISOString())
        ctx.log(`fired for ${at}`)
        return { at }
      })
      await h.setup([half], { seed: SEED, now: START })
      await h.advance('2h')
      const runs = await getTransport().listRuns({ taskId: 'match-cron' })
      return runs.sort((a, b) => Date.parse(a.scheduledAt!) - Date.parse(b.scheduledAt!)).map((r) => r.id)
    })
    expect(records).toHaveLength(4)
  })

  it('match for an attempt that times out and a retry that finishes in time', async () => {
    const records = await expectSameRecords(async (h) => {
      const slow = task('match-timeout', async (ctx) => {
        await ctx.step.run('before', () => 'kept')
        if (ctx.attempt === 1) await untilAborted(ctx)
        return ctx.attempt
      }, { retries: 1, timeout: '15s' })
      await h.setup([slow], { seed: SEED, now: START })
      const handle = await slow.trigger()
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records[0]).toMatchObject({ status: 'completed', attempts: 2, result: 2 })
  })
})

describe('retry jitter', () => {
  it('gives each run the same retry delays whichever run fails first', async () => {
    const retryTimes = async (order: readonly string[]): Promise<Record<string, number[]>> => {
      const h = useHarness(memoryHarness())
      const gates = new Map(order.map((name) => [name, deferred()]))
      const jittery = task({
        id: 'match-jitter-order',
        retry: { maxAttempts: 3, backoff: 'fixed', minDelay: '10s', jitter: 1 },
        run: async ({ name }: { name: string }, { attempt }) => {
          if (attempt === 1) await gates.get(name)!.promise
          throw new Error(`${name} fails`)
        },
      })
      await h.setup([jittery], { seed: SEED, now: START })
      const ids = new Map<string, string>()
      for (const name of ['a', 'b']) ids.set(name, (await jittery.trigger({ name })).id)
      await h.settle()
      for (const name of order) {
        gates.get(name)!.resolve()
        await h.settle()
      }
      await h.runUntilIdle()
      const out: Record<string, number[]> = {}
      for (const [name, id] of ids) {
        out[name] = (await h.events(id)).flatMap((e) => (e.type === 'attempt.failed' && e.retryAt != null ? [e.retryAt] : []))
      }
      await teardownCurrent()
      return out
    }
    const aFirst = await retryTimes(['a', 'b'])
    const bFirst = await retryTimes(['b', 'a'])
    expect(aFirst.a).toHaveLength(2)
    expect(bFirst).toEqual(aFirst)
  })
})

describe('normalize', () => {
  it('replaces run ids by their order of appearance and ISO times by a placeholder', () => {
    expect(normalize({ id: 'run_b2', children: ['run_a1', 'run_b2'], message: 'Run "run_a1" was cancelled', at: '2026-01-01T00:00:00.000Z', n: 1 })).toEqual({
      id: '<run 1>',
      children: ['<run 2>', '<run 1>'],
      message: 'Run "<run 2>" was cancelled',
      at: '<time>',
      n: 1,
    })
  })

  it('keeps the first line of a stack trace only', () => {
    expect(normalize({ stack: 'Error: boom\n    at f (a.ts:1:1)' })).toEqual({ stack: 'Error: boom' })
  })
})
