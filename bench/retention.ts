// Memory of a long-lived engine: bytes per retained ended run, and the heap while 1,000,000
// trivial runs go through an engine under the default retention policy (goal: flat).
// Run on compiled output:
//   npx tsc -p bench/tsconfig.json && node --expose-gc dist/bench/bench/retention.js
import { systemClock } from '../src/clock/system-clock.js'
import { Engine } from '../src/engine/engine.js'
import { task } from '../src/sdk/task.js'

const g = globalThis as { gc?: () => void }
if (!g.gc) throw new Error('Run with node --expose-gc.')
const gc = (): void => (g.gc!(), g.gc!())
const heapMiB = (): number => process.memoryUsage().heapUsed / 1_048_576
const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits })

const trivial = task({ id: 'trivial', run: async (p: { n: number }) => p.n + 1 })

/** Pushes `total` trivial runs through the engine, 1,000 in flight at a time; calls `each` every `every` runs. */
async function pump(engine: Engine, total: number, every: number, each: (done: number) => void): Promise<void> {
  for (let b = 0; b < total; b += 1_000) {
    for (let i = b; i < b + 1_000; i++) engine.trigger(trivial, { n: i })
    await engine.settled()
    if ((b + 1_000) % every === 0) each(b + 1_000)
  }
}

// 1. Bytes per retained ended run: 50,000 runs with retention off.
{
  const N = 50_000
  gc()
  const before = process.memoryUsage().heapUsed
  const engine = new Engine({ clock: systemClock(), tasks: [trivial], seed: 1, retention: false, crons: false })
  await pump(engine, N, N, () => {})
  gc()
  const perRun = (process.memoryUsage().heapUsed - before) / N
  console.log(`retained ended run: ${fmt(perRun, 0)} B each (${N} runs, retention off)`)
  engine.dispose()
}

// 2. The heap through 1,000,000 runs under the default policy (7 days, 10,000 ended runs).
{
  const N = 1_000_000
  gc()
  const base = heapMiB()
  const engine = new Engine({ clock: systemClock(), tasks: [trivial], seed: 2, crons: false })
  const t0 = performance.now()
  const samples: string[] = []
  await pump(engine, N, 100_000, (done) => {
    gc()
    samples.push(`${done / 1_000}k: ${fmt(heapMiB() - base)} MiB`)
  })
  const seconds = (performance.now() - t0) / 1_000
  console.log(`heap above baseline under the default retention, by runs done: ${samples.join(', ')}`)
  console.log(`runs held at the end: ${engine.listRuns().length}; ${fmt(N / seconds, 0)} runs/s including GC samples`)
  engine.dispose()
}
