/**
 * Step round trips over HTTP (issue 4): an Engine on a virtual clock runs tasks that live in an
 * app served by serve() on a real 127.0.0.1 socket, through httpExecutor (signed POSTs), against
 * the same tasks run in memory.
 *
 *   (a) many steps in one invocation: one POST runs every step inline;
 *   (b) one round trip per step: each step is followed by a 1 ms sleep on the virtual clock,
 *       so every step is its own signed POST carrying the journal so far;
 *       b1: one run at a time (latency), b2: 50 runs side by side (throughput), both on a
 *       virtual clock driven by TimeDriver; b3: 200 runs on the real clock, as in production.
 * The app runs in a child process (its own core, as in production) and, for comparison, in
 * this process. The platform reaches it with createNodeFetch (keep-alive node:http).
 *
 * Run: npx tsx bench/http-steps.ts
 */
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { serve, type AnyTask } from 'backlot'
import { connectApp, Engine, systemClock, VirtualClock } from 'backlot/host'
import { createNodeFetch, listen } from 'backlot/server'
import { TimeDriver } from 'backlot/testing'
import { A_STEPS, B1_STEPS, B2_RUNS, B2_STEPS, benchTasks } from './http-tasks.js'

const KEY = 'whsec_bench'
const T0 = Date.UTC(2026, 0, 1)
const tasks = [...benchTasks]
const [taskA, taskB1, taskB2] = benchTasks

interface Target {
  engine: Engine
  driver: TimeDriver
  close(): Promise<void>
}

/** The app in this process (one core for both sides) or in a child process (platform and app on their own cores), started once. */
async function startApp(where: 'same-process' | 'child-process'): Promise<{ url: string; stop: () => Promise<void> }> {
  if (where === 'same-process') {
    const app = await listen(serve({ tasks, signingKey: KEY }).fetch)
    return { url: app.url, stop: () => app.close() }
  }
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./http-app.ts', import.meta.url).pathname], { env: { ...process.env, BACKLOT_SIGNING_KEY: KEY }, stdio: ['ignore', 'pipe', 'inherit'] })
  process.once('exit', () => child.kill())
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
    child.once('exit', (code) => reject(new Error(`the app process exited with ${code}`)))
  })
  return { url, stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) }
}

/** A fresh platform engine on a virtual clock, connected to the app. */
function overHttp(appUrl: string): () => Promise<Target> {
  const fetch = createNodeFetch()
  return async () => {
    const clock = new VirtualClock(T0)
    const engine = new Engine({ clock, seed: 1 })
    await connectApp(engine, { url: `${appUrl}/api/tasks`, signingKey: KEY, fetch })
    return { engine, driver: new TimeDriver(engine, clock), close: async () => engine.dispose() }
  }
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

/** Production-like: an engine on the real clock (1 ms sleeps are real), `runs` runs side by side; steps/s, best of `repeat`. */
async function measureSystemClock(appUrl: string | undefined, runs: number, repeat = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY
  const fetch = createNodeFetch()
  for (let r = 0; r < repeat; r++) {
    const engine = new Engine({ clock: systemClock(), seed: 1, ...(appUrl ? {} : { tasks }) })
    if (appUrl) await connectApp(engine, { url: `${appUrl}/api/tasks`, signingKey: KEY, fetch })
    const t0 = performance.now()
    const ids = Array.from({ length: runs }, () => engine.trigger(taskB2.id, undefined).id)
    const ended = await Promise.all(ids.map((id) => engine.waitForRun(id)))
    best = Math.min(best, performance.now() - t0)
    if (ended.some((run) => run.status !== 'completed')) throw new Error('a run did not complete')
    engine.dispose()
  }
  return (runs * B2_STEPS) / (best / 1000)
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const us = (n: number): string => `${(n * 1000).toFixed(1)} µs`

const rows: string[] = ['| measure | HTTP, app in a child process | HTTP, app in the same process | memory | HTTP overhead per step (child process) |', '|---|---|---|---|---|']
const cases: [string, AnyTask, number, number][] = [
  [`(a) ${fmt(A_STEPS)} steps in one invocation (1 POST)`, taskA, 1, A_STEPS],
  [`(b1) 1 run × ${B1_STEPS} steps, one round trip per step (${B1_STEPS + 1} POSTs)`, taskB1, 1, B1_STEPS],
  [`(b2) ${B2_RUNS} runs × ${B2_STEPS} steps, one round trip per step (${B2_RUNS * (B2_STEPS + 1)} POSTs)`, taskB2, B2_RUNS, B2_STEPS],
]
const childApp = await startApp('child-process')
const sameApp = await startApp('same-process')
const child = overHttp(childApp.url)
const same = overHttp(sameApp.url)
// Warm up every path (JIT, keep-alive connections) before measuring.
for (const make of [child, same, inMemory]) for (const t of [taskA, taskB2]) await measure(make, t, 5, t === taskA ? A_STEPS : B2_STEPS, 1)
for (const [name, t, runs, steps] of cases) {
  const remote = await measure(child, t, runs, steps)
  const local = await measure(same, t, runs, steps)
  const memory = await measure(inMemory, t, runs, steps)
  const overhead = remote.ms / (runs * steps) - memory.ms / (runs * steps)
  rows.push(`| ${name} | ${fmt(remote.perSecond)} steps/s | ${fmt(local.perSecond)} steps/s | ${fmt(memory.perSecond)} steps/s | ${us(overhead)} |`)
}
const B3_RUNS = 200
const b3 = [await measureSystemClock(childApp.url, B3_RUNS), await measureSystemClock(sameApp.url, B3_RUNS), await measureSystemClock(undefined, B3_RUNS)]
const b3Overhead = (1 / b3[0]! - 1 / b3[2]!) * 1000
rows.push(`| (b3) ${B3_RUNS} runs × ${B2_STEPS} steps on the real clock (1 ms sleeps are real), one round trip per step (${B3_RUNS * (B2_STEPS + 1)} POSTs) | ${fmt(b3[0]!)} steps/s | ${fmt(b3[1]!)} steps/s | ${fmt(b3[2]!)} steps/s | ${us(b3Overhead)} |`)
await childApp.stop()
await sameApp.stop()
console.log(rows.join('\n'))
console.log(`\nnode ${process.version}, ${cpus().length} CPUs, createNodeFetch; a–b2 on a VirtualClock driven by TimeDriver, b3 on the real clock; best of 3; figures fall when other work shares the CPUs (check the load average); goal ≥ 2,000 steps/s over HTTP.`)
