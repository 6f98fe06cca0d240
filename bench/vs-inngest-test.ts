import { InngestTestEngine } from '@inngest/test'
import { Inngest } from 'inngest'
import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { fmt, row } from './harness.js'

/** Median of `n` timed runs of `fn` after `warm` untimed ones (so the JIT has compiled it), in ms. */
async function median(fn: () => Promise<void>, n: number, warm: number): Promise<number> {
  for (let i = 0; i < warm; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(n / 2)]!
}

/**
 * The same test written twice: a function of `steps` steps, each returning its index, run to
 * its end and its result checked. backlot: create a test engine, trigger, run until idle,
 * dispose. @inngest/test: a test engine over the function, `execute()` (which replays the
 * function once per step, as Inngest's executor does).
 */
async function compare(steps: number): Promise<string> {
  const backlotTask = task({
    id: `steps-${steps}`,
    run: async (_: void, { step }) => {
      let sum = 0
      for (let i = 0; i < steps; i++) sum += await step.run(`s${i}`, () => i)
      return sum
    },
  })
  const inngest = new Inngest({ id: 'bench' })
  const fn = inngest.createFunction({ id: `steps-${steps}`, triggers: [{ event: 'bench/go' }] }, async ({ step }) => {
    let sum = 0
    for (let i = 0; i < steps; i++) sum += await step.run(`s${i}`, () => i)
    return sum
  })
  const expected = (steps * (steps - 1)) / 2

  const ours = await median(async () => {
    const engine = createTestEngine({ tasks: [backlotTask] })
    const run = engine.trigger(backlotTask, undefined)
    await engine.runUntilIdle()
    if (engine.run(run.id).result !== expected) throw new Error('backlot: wrong result')
    engine.dispose()
  }, 1_000, 500)
  const theirs = await median(async () => {
    const t = new InngestTestEngine({ function: fn, events: [{ name: 'bench/go', data: {} }] })
    const { result } = await t.execute()
    if (result !== expected) throw new Error(`@inngest/test: wrong result ${String(result)}`)
  }, steps === 3 ? 200 : 30, steps === 3 ? 100 : 10) // @inngest/test takes milliseconds a test: fewer, as many as time allows
  const ratio = theirs / ours
  const goal = steps === 3 ? '≥ 400× faster' : '≥ 2,000× faster'
  const met = ratio >= (steps === 3 ? 400 : 2_000) ? 'met' : '**not met**'
  return row(`a ${steps}-step test (create, trigger, run until idle, dispose), median`, `${(ours * 1000).toFixed(0)} µs — ${fmt(ratio)}× faster (${met})`, `@inngest/test 1.0.0 execute(): ${(theirs * 1000).toFixed(0)} µs`, goal)
}

export async function vsInngestBench(): Promise<string[]> {
  return [await compare(3), await compare(30)]
}
