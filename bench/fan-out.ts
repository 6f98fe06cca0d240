import { task } from 'backlot'
import { fmt, row, time, virtualEngine } from './harness.js'

/** Issue 10's fan-out figure: a run that triggers n children and waits for all of them. */
export async function fanOutBench(): Promise<string[]> {
  const rows: string[] = []
  for (const n of [1_000, 10_000, 50_000]) rows.push(await fanOut(n))
  return rows
}

async function fanOut(n: number): Promise<string> {
  const child = task({ id: 'fan-child', run: async (i: number) => i * 2 })
  const parent = task({
    id: 'fan-parent',
    run: async (count: number) => {
      const results = await Promise.all(Array.from({ length: count }, (_, i) => child.triggerAndWait(i)))
      return results.reduce((sum, r) => sum + r, 0)
    },
  })
  const expected = n * (n - 1)
  const ms = await time(async () => {
    const { engine, driver } = virtualEngine([parent, child])
    const run = engine.trigger(parent, n)
    await driver.runUntilIdle()
    if (run.status !== 'completed' || run.result !== expected) throw new Error(`fan-out ended ${run.status} with ${String(run.result)}`)
    engine.dispose()
  }, n >= 50_000 ? 1 : 3)
  // Floor: the same fan-out as plain calls, every child an async call awaited together.
  const plainMs = await time(async () => {
    const results = await Promise.all(Array.from({ length: n }, (_, i) => child.run(i, undefined as never)))
    if (results.reduce((sum, r) => sum + r, 0) !== expected) throw new Error('plain fan-out miscounted')
  }, 3)
  return row(`fan-out then wait for all, ${fmt(n)} children`, `${((ms * 1000) / n).toFixed(1)} µs/child (${fmt(ms)} ms)`, `${((plainMs * 1000) / n).toFixed(2)} µs/child (Promise.all of plain calls)`, '≤ 20 µs/child, flat')
}
