/**
 * Step round trips over HTTP (issue 4): an Engine on a virtual clock runs tasks that live in an
 * app served by serve() on a real 127.0.0.1 socket, through httpExecutor (signed POSTs), against
 * the same tasks run in memory.
 *
 *   (a) many steps in one invocation: one POST runs every step inline;
 *   (b) one round trip per step: each step is followed by a 1 ms sleep on the virtual clock,
 *       so every step is its own signed POST carrying the journal so far;
 *       b1: one run at a time (latency), b2: 50 runs side by side (throughput).
 *
 * Run: npx tsx bench/http-steps.ts
 */
import { connectApp, Engine, serve, task, VirtualClock, type AnyTask } from 'backlot'
import { createNodeFetch, listen } from 'backlot/server'
import { TimeDriver } from '../src/engine/time-driver.js'

const KEY = 'whsec_bench'
const T0 = Date.UTC(2026, 0, 1)

const inline = (n: number): AnyTask =>
  task({
    id: `inline-${n}`,
    run: async (_: void, { step }) => {
      let sum = 0
      for (let i = 0; i < n; i++) sum += await step.run('add', () => i)
      return sum
    },
  })

const perStep = (n: number): AnyTask =>
  task({
    id: `per-step-${n}`,
    run: async (_: void, { step }) => {
      let sum = 0
      for (let i = 0; i < n; i++) {
        sum += await step.run('add', () => i)
        await step.sleep('tick', 1)
      }
      return sum
    },
  })

const A_STEPS = 5_000
const B1_STEPS = 300
const B2_RUNS = 50
const B2_STEPS = 40
const tasks = [inline(A_STEPS), perStep(B1_STEPS), perStep(B2_STEPS)]
const [taskA, taskB1, taskB2] = tasks as [AnyTask, AnyTask, AnyTask]

interface Target {
  engine: Engine
  driver: TimeDriver
  close(): Promise<void>
}

async function overHttp(): Promise<Target> {
  const app = await listen(serve({ tasks, signingKey: KEY }).fetch)
  const clock = new VirtualClock(T0)
  const engine = new Engine({ clock, seed: 1 })
  await connectApp(engine, { url: `${app.url}/api/tasks`, signingKey: KEY, fetch: createNodeFetch() })
  return { engine, driver: new TimeDriver(engine, clock), close: async () => (engine.dispose(), await app.close()) }
}

async function inMemory(): Promise<Target> {
  const clock = new VirtualClock(T0)
  const engine = new Engine({ clock, seed: 1, tasks })
  return { engine, driver: new TimeDriver(engine, clock), close: async () => engine.dispose() }
}

/** Steps per second of `runs` runs of `t` with `steps` steps each; best of `repeat`. */
async function measure(make: () => Promise<Target>, t: AnyTask, runs: number, steps: number, repeat = 3): Promise<{ perSecond: number; ms: number; posts: number }> {
  let best = Number.POSITIVE_INFINITY
  let posts = 0
  for (let r = 0; r < repeat; r++) {
    const target = await make()
    let attempts = 0
    target.engine.subscribe((e) => void (e.type === 'attempt.started' && attempts++))
    const t0 = performance.now()
    const ids = Array.from({ length: runs }, () => target.engine.trigger(t.id, undefined).id)
    await target.driver.runUntilIdle()
    const ms = performance.now() - t0
    for (const id of ids) {
      const run = target.engine.getRun(id)
      if (run.status !== 'completed') throw new Error(`run ${id} ended ${run.status}: ${run.error?.message}`)
    }
    await target.close()
    posts = attempts
    best = Math.min(best, ms)
  }
  return { perSecond: (runs * steps) / (best / 1000), ms: best, posts }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const us = (n: number): string => `${(n * 1000).toFixed(1)} µs`

const rows: string[] = ['| measure | HTTP (127.0.0.1 sockets) | memory | HTTP overhead per step |', '|---|---|---|---|']
const cases: [string, AnyTask, number, number][] = [
  [`(a) ${fmt(A_STEPS)} steps in one invocation`, taskA, 1, A_STEPS],
  [`(b1) 1 run × ${B1_STEPS} steps, one round trip per step`, taskB1, 1, B1_STEPS],
  [`(b2) ${B2_RUNS} runs × ${B2_STEPS} steps, one round trip per step`, taskB2, B2_RUNS, B2_STEPS],
]
// Warm up both paths (JIT, keep-alive connections) before measuring.
await measure(overHttp, taskB2, 5, B2_STEPS, 1)
await measure(inMemory, taskB2, 5, B2_STEPS, 1)
for (const [name, t, runs, steps] of cases) {
  const http = await measure(overHttp, t, runs, steps)
  const memory = await measure(inMemory, t, runs, steps)
  const overhead = http.ms / (runs * steps) - memory.ms / (runs * steps)
  rows.push(`| ${name} (${fmt(http.posts)} POSTs) | ${fmt(http.perSecond)} steps/s | ${fmt(memory.perSecond)} steps/s | ${us(overhead)} |`)
}
console.log(rows.join('\n'))
console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} CPUs; best of 3; goal ≥ 2,000 steps/s over HTTP.`)
