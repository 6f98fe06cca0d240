import { cron, task, type AnyTask } from 'backlot'
import { createTestEngine, type TestEngine } from 'backlot/testing'
import { row } from './harness.js'

interface Scenario {
  name: string
  tasks: () => AnyTask[]
  /** Drives one scenario to its end on a fresh test engine and checks the outcome. */
  drive: (engine: TestEngine, tasks: AnyTask[]) => Promise<void>
  /** The same logic as plain function calls, with no waiting: the floor. */
  plain: () => Promise<void>
}

const scenarios: Scenario[] = [
  {
    name: 'a 30-day sleep',
    tasks: () => [task({ id: 'nap', run: async (_: void, { step }) => { await step.sleep('month', '30 days'); return 'woke' } })],
    drive: async (engine, [nap]) => {
      const run = engine.trigger(nap!, undefined)
      if ((await run.waitForCompletion()) !== 'woke') throw new Error('did not wake')
    },
    plain: async () => {},
  },
  {
    name: 'three retries with exponential backoff',
    tasks: () => {
      let calls = 0
      return [task({ id: 'flaky', retry: { maxAttempts: 4, backoff: 'exponential', minDelay: '1s' }, run: async () => {
        if (++calls % 4 !== 0) throw new Error('not yet')
        return calls
      } })]
    },
    drive: async (engine, [flaky]) => {
      const run = engine.trigger(flaky!, undefined)
      await engine.runUntilIdle()
      if (engine.run(run.id).attempts !== 4) throw new Error('expected 4 attempts')
    },
    plain: async () => {
      for (let i = 0; i < 4; i++) await Promise.resolve(i)
    },
  },
  {
    name: 'an hourly cron over a week',
    tasks: () => [cron('hourly', '0 * * * *', async () => 'tick')],
    drive: async (engine) => {
      await engine.advance('7 days')
      if (engine.runs({ task: 'hourly', status: 'completed' }).length !== 168) throw new Error('expected 168 runs')
    },
    plain: async () => {
      for (let i = 0; i < 168; i++) await Promise.resolve('tick')
    },
  },
  {
    name: 'a fan-out of 100 children that each fail once',
    tasks: () => {
      const failed = new Set<number>()
      const child = task({ id: 'child', retry: { maxAttempts: 2, minDelay: '1s' }, run: async ({ n }: { n: number }) => {
        if (!failed.has(n)) {
          failed.add(n)
          throw new Error(`first try of ${n}`)
        }
        return n
      } })
      const parent = task({ id: 'parent', run: async (_: void, ctx) => {
        for (let n = 0; n < 100; n++) await ctx.task('child', { n })
      } })
      return [parent, child]
    },
    drive: async (engine, [parent]) => {
      engine.trigger(parent!, undefined)
      await engine.runUntilIdle()
      if (engine.runs({ task: 'child', status: 'completed' }).length !== 100) throw new Error('expected 100 children')
    },
    plain: async () => {
      for (let n = 0; n < 200; n++) await Promise.resolve(n)
    },
  },
  {
    name: 'a triggerAndWait chain three tasks deep',
    tasks: () => {
      const c = task({ id: 'c', run: async (n: number) => n + 1 })
      const b = task({ id: 'b', run: async (n: number) => (await c.triggerAndWait(n)) + 1 })
      const a = task({ id: 'a', run: async (n: number) => (await b.triggerAndWait(n)) + 1 })
      return [a, b, c]
    },
    drive: async (engine, [a]) => {
      if ((await engine.triggerAndWait(a!, 0)) !== 3) throw new Error('expected 3')
    },
    plain: async () => {
      const c = async (n: number) => n + 1
      const b = async (n: number) => (await c(n)) + 1
      await (async (n: number) => (await b(n)) + 1)(0)
    },
  },
]

/** Issue 3's figures: wall time of each test-kit scenario, engine creation and disposal included. */
export async function testkitBench(): Promise<string[]> {
  const rows: string[] = []
  for (const s of scenarios) {
    const samples: number[] = []
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now()
      const tasks = s.tasks()
      const engine = createTestEngine({ tasks, seed: 1 })
      await s.drive(engine, tasks)
      engine.dispose()
      if (i >= 2) samples.push(performance.now() - t0) // the first two warm the JIT
    }
    const t0 = performance.now()
    await s.plain()
    const plainMs = performance.now() - t0
    samples.sort((x, y) => x - y)
    const median = samples[Math.floor(samples.length / 2)]!
    rows.push(row(s.name, `${median.toFixed(2)} ms (median; max ${samples.at(-1)!.toFixed(2)})`, `${plainMs.toFixed(3)} ms`, '≤ 50 ms'))
  }
  return rows
}
