import PQueue from 'p-queue'
import { task, type Task } from 'backlot'
import { fmt, gc, row, time, virtualEngine } from './harness.js'

/** Issue 2's figures: runs/s, step cost, memory per completed run (the year of cron is in clock-jumps.ts). */
export async function coreBench(): Promise<string[]> {
  const rows: string[] = []
  const trivial = task({ id: 'trivial', run: async (p: { n: number }) => p.n + 1 })
  rows.push(await memoryPerRun(trivial))

  // Trivial runs per second.
  // Triggered in batches of 1,000 in flight, as a busy queue would see them.
  const N = 100_000
  const runsMs = await time(async () => {
    const { engine } = virtualEngine([trivial])
    for (let b = 0; b < N; b += 1_000) {
      for (let i = b; i < b + 1_000; i++) engine.trigger(trivial, { n: i })
      await engine.settled()
    }
    if (engine.listRuns({ status: 'completed' }).length !== N) throw new Error('not all runs completed')
    engine.dispose()
  })
  const plainRunsMs = await time(async () => {
    for (let i = 0; i < N; i++) await trivial.run({ n: i }, undefined as never)
  })
  // Floor the goal names: p-queue running the same handler, 1,000 in flight, keeping each result
  // (an engine keeps its runs), in the same batches.
  const pQueueMs = await time(async () => {
    const queue = new PQueue({ concurrency: 1_000 })
    const results: number[] = []
    for (let b = 0; b < N; b += 1_000) {
      for (let i = b; i < b + 1_000; i++) void queue.add(async () => void results.push(await trivial.run({ n: i }, undefined as never)))
      await queue.onIdle()
    }
    if (results.length !== N) throw new Error('p-queue lost jobs')
  })
  const perSecond = N / (runsMs / 1000)
  const pQueuePerSecond = N / (pQueueMs / 1000)
  rows.push(
    row(
      'trivial runs per second',
      `${fmt(perSecond)}/s (p-queue ${(pQueuePerSecond / perSecond).toFixed(2)}× faster)`,
      `p-queue: ${fmt(pQueuePerSecond)}/s; plain calls: ${fmt(N / (plainRunsMs / 1000))}/s`,
      '≥ 200,000/s, p-queue ≤ 1.5× faster',
    ),
  )

  // Runs of 10, 1,000 and 10,000 steps.
  for (const steps of [10, 1_000, 10_000]) {
    const many = task({
      id: `steps-${steps}`,
      run: async (_: void, { step }) => {
        let sum = 0
        for (let i = 0; i < steps; i++) sum += await step.run('add', () => i)
        return sum
      },
    })
    const ms = await time(async () => {
      const { engine } = virtualEngine([many])
      const run = engine.trigger(many, undefined)
      await engine.settled()
      if (run.status !== 'completed') throw new Error(`steps run ended ${run.status}`)
      engine.dispose()
    }, 5)
    const plainMs = await time(async () => {
      let sum = 0
      const add = async (i: number) => i
      for (let i = 0; i < steps; i++) sum += await add(i)
      if (sum < 0) throw new Error('unreachable')
    }, 5)
    rows.push(row(`run of ${fmt(steps)} steps`, `${ms.toFixed(2)} ms (${((ms * 1000) / steps).toFixed(2)} µs/step)`, `${plainMs.toFixed(3)} ms`, steps === 10_000 ? '≤ 50 ms, flat per step' : 'flat per step'))
  }

  return rows
}

/** Heap growth per completed run kept by the engine, beside the same data kept as plain objects. */
async function memoryPerRun(trivial: Task<{ n: number }, number>): Promise<string> {
  const M = 50_000
  gc()
  const plainBefore = process.memoryUsage().heapUsed
  const kept: unknown[] = []
  for (let i = 0; i < M; i++) kept.push({ id: `run_${i.toString(36).padStart(12, '0')}`, payload: { n: i }, result: await trivial.run({ n: i }, undefined as never) })
  gc()
  const plainPerRun = (process.memoryUsage().heapUsed - plainBefore) / M
  gc()
  const before = process.memoryUsage().heapUsed
  const { engine } = virtualEngine([trivial])
  for (let b = 0; b < M; b += 1_000) {
    for (let i = b; i < b + 1_000; i++) engine.trigger(trivial, { n: i })
    await engine.settled()
  }
  gc()
  const perRun = (process.memoryUsage().heapUsed - before) / M
  if (kept.length !== M || engine.listRuns({ status: 'completed' }).length !== M) throw new Error('lost runs')
  engine.dispose()
  return row('memory per retained completed run', `${fmt(perRun)} B`, `${fmt(plainPerRun)} B (id, payload, result as plain objects)`, '≤ 500 B')
}
