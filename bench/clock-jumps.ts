import { cron, task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { fmt, row, time, virtualEngine } from './harness.js'

/** Issue 10's clock figures: sleepers waking at distinct times, a year of cron, a self-re-triggering run. */
export async function clockBench(): Promise<string[]> {
  const rows: string[] = []
  for (const n of [1_000, 10_000, 100_000]) rows.push(await sleepers(n))
  rows.push(await yearOfCron())
  rows.push(await selfRetrigger(20_000))
  return rows
}

/** n runs, each sleeping until its own minute, driven until all have woken and completed. */
async function sleepers(n: number): Promise<string> {
  const sleeper = task({
    id: 'sleeper',
    run: async (i: number, { step }) => {
      await step.sleepUntil('wake', new Date(Date.UTC(2026, 0, 2) + i * 60_000))
      return i
    },
  })
  const ms = await time(async () => {
    const { engine, driver } = virtualEngine([sleeper])
    for (let i = 0; i < n; i++) engine.trigger(sleeper, i)
    await driver.runUntilIdle()
    if (engine.activeRuns !== 0) throw new Error('sleepers did not all wake')
    engine.dispose()
  }, n >= 100_000 ? 1 : 3)
  // Floor: the same runs as plain calls, each awaiting one promise for its sleep.
  const plainMs = await time(async () => {
    for (let i = 0; i < n; i++) await sleeper.run(i, { step: { sleepUntil: async () => {} } } as never)
  }, 3)
  return row(`${fmt(n)} runs sleeping until distinct times`, `${((ms * 1000) / n).toFixed(1)} µs/run (${fmt(ms)} ms)`, `${((plainMs * 1000) / n).toFixed(2)} µs/run`, '≤ 10 µs/run, flat')
}

/** A year of a minutely cron on the virtual clock: 525,600 runs, all kept. */
async function yearOfCron(): Promise<string> {
  let fired = 0
  const minutely = cron('minutely', '* * * * *', async () => {
    fired++
  })
  const ms = await time(async () => {
    fired = 0
    const { engine, driver } = virtualEngine([minutely])
    await driver.advance('365 days')
    if (fired !== 525_600) throw new Error(`fired ${fired} times`)
    engine.dispose()
  }, 1)
  const plainMs = await time(async () => {
    for (let i = 0; i < 525_600; i++) await minutely.run(undefined, undefined as never)
  }, 1)
  return row('a year of `* * * * *` (525,600 runs)', `${(ms / 1000).toFixed(2)} s`, `${fmt(plainMs)} ms`, '≤ 3 s')
}

/** A run that sleeps a minute then triggers itself, in a test engine: cost per clock jump. */
async function selfRetrigger(jumps: number): Promise<string> {
  let left = 0
  const again = task({
    id: 'again',
    run: async (_: void, { step }) => {
      await step.sleep('pause', '1 minute')
      if (--left > 0) await again.trigger()
    },
  })
  const ms = await time(async () => {
    left = jumps
    const engine = createTestEngine({ tasks: [again], loopLimit: jumps * 4 })
    engine.trigger(again)
    await engine.runUntilIdle()
    if (left !== 0) throw new Error(`stopped with ${left} left`)
    engine.dispose()
  }, 1)
  const plainMs = await time(async () => {
    let n = jumps
    const plain = async (): Promise<void> => {
      await null
      if (--n > 0) await plain()
    }
    await plain()
  }, 3)
  return row(`a self-re-triggering run (${fmt(jumps)} jumps, test engine)`, `${((ms * 1000) / jumps).toFixed(1)} µs/jump`, `${((plainMs * 1000) / jumps).toFixed(2)} µs/jump`, '≤ 20 µs/jump')
}
