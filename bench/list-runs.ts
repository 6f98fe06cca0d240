import { task } from 'backlot'
import { fmt, row, virtualEngine } from './harness.js'

/**
 * Issue 10's `listRuns` by status with 1,000,000 runs held (1 in 100 failed), beside a scan of a
 * Map of the same runs, which is what listing cost before the status index.
 */
export async function listRunsBench(): Promise<string[]> {
  const N = 1_000_000
  const mixed = task({
    id: 'mixed',
    retry: { maxAttempts: 1 },
    run: async (n: number) => {
      if (n % 100 === 0) throw new Error('one in a hundred fails')
      return n
    },
  })
  const { engine } = virtualEngine([mixed])
  for (let b = 0; b < N; b += 1_000) {
    for (let i = b; i < b + 1_000; i++) engine.trigger(mixed, i)
    await engine.settled()
  }
  const all = new Map<string, { status: string }>()
  for (const run of engine.allRuns()) all.set(run.id, run)
  const rows: string[] = []
  for (const [status, limit] of [['running', 100], ['failed', 100], ['completed', 100], ['failed', undefined]] as const) {
    const filter = limit === undefined ? { status } : { status, limit }
    const ms = median(() => engine.listRuns(filter).length)
    const scanMs = median(() => {
      const out: unknown[] = []
      for (const run of all.values()) {
        if (run.status !== status) continue
        out.push(run)
        if (limit !== undefined && out.length >= limit) break
      }
      return out.length
    })
    const what = `listRuns({ status: '${status}'${limit === undefined ? '' : `, limit: ${limit}`} }), 1 M runs held, ${fmt(engine.listRuns(filter).length)} returned`
    rows.push(row(what, `${ms.toFixed(3)} ms (median of 21)`, `${scanMs.toFixed(3)} ms: a scan of a Map of the same runs`, '≤ 5 ms'))
  }
  engine.dispose()
  return rows
}

function median(fn: () => number): number {
  const times: number[] = []
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now()
    if (fn() < 0) throw new Error('unreachable')
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)[10]!
}
