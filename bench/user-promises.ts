import { task } from 'backlot'
import { fmt, gc, row, virtualEngine } from './harness.js'

/**
 * Issue 10's cost to bystanders: a plain `await` loop in user code, before backlot has run a task
 * and after. Must run first in its process: before is the floor, measured in the same run.
 */
export async function userPromisesBench(): Promise<string[]> {
  gc()
  const before = await awaitsPerSecond()
  const trivial = task({ id: 'bystander-trivial', run: async (n: number) => n + 1 })
  const { engine } = virtualEngine([trivial])
  for (let i = 0; i < 1_000; i++) engine.trigger(trivial, i)
  await engine.settled()
  engine.dispose()
  gc() // the runs' garbage would otherwise be collected during the measure
  const after = await awaitsPerSecond()
  const ratio = before / after
  return [row('user promises after backlot has run a task (plain `await` loop)', `${fmtM(after)} awaits/s (${ratio.toFixed(2)}× slower)`, `${fmtM(before)} awaits/s before any run`, '≤ 1.1× slower')]
}

/** Best of 10 rounds of 1M awaits of an async function. */
export async function awaitsPerSecond(): Promise<number> {
  const N = 1_000_000
  const step = async (i: number): Promise<number> => i
  let best = 0
  for (let round = 0; round < 10; round++) {
    let sum = 0
    const t0 = performance.now()
    for (let i = 0; i < N; i++) sum += await step(i)
    const rate = N / ((performance.now() - t0) / 1000)
    if (sum < 0) throw new Error('unreachable')
    best = Math.max(best, rate)
  }
  return best
}

function fmtM(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : fmt(n)
}
