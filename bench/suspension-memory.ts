import { task, type AnyTask } from 'backlot'
import { Engine, VirtualClock } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'
import { gc, row } from './harness.js'

/**
 * Heap kept after rounds of runs that each suspend once (sleep, then finish), beside the same
 * rounds of runs that never suspend: both should stay flat once retention drops the ended runs.
 */
export async function suspensionMemoryBench(): Promise<string[]> {
  const napper = task({
    id: 'napper',
    run: async (i: number, { step }) => {
      const rows = new Array<number>(100).fill(i)
      await step.sleep('nap', '1m')
      return rows.length
    },
  })
  const straight = task({ id: 'straight', run: async (i: number) => new Array<number>(100).fill(i).length })
  const suspended = await heapAfterRounds(napper)
  const floor = await heapAfterRounds(straight)
  return [row('heap kept after 10k, 20k … 50k runs that each sleep once (retention keeps 10)', suspended, `the same runs without the sleep: ${floor}`, 'flat')]
}

async function heapAfterRounds(t: AnyTask): Promise<string> {
  await round(t, 1_000)
  gc()
  const base = process.memoryUsage().heapUsed
  const figures: string[] = []
  for (let r = 0; r < 5; r++) {
    await round(t, 10_000)
    gc()
    figures.push(((process.memoryUsage().heapUsed - base) / 2 ** 20).toFixed(1))
  }
  return `${figures.join(', ')} MiB`
}

async function round(t: AnyTask, n: number): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  const engine = new Engine({ clock, tasks: [t], seed: 1, retention: { maxRuns: 10 } })
  const driver = new TimeDriver(engine, clock)
  for (let i = 0; i < n; i++) engine.trigger(t, i)
  await driver.runUntilIdle()
  if (engine.activeRuns !== 0) throw new Error('runs left active')
  engine.dispose()
}
