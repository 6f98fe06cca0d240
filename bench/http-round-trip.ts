import { spawn } from 'node:child_process'
import http from 'node:http'
import { connectApp, Engine, systemClock } from 'backlot/host'
import { createNodeFetch, type NodeFetch } from 'backlot/server'
import { fmt, row } from './harness.js'
import { roundTripTask } from './round-trip-task.js'

const KEY = 'whsec_bench'
const REPEAT = 5

/** Wall time of one measured run, and the CPU time each process spent in it (ms). */
interface Sample {
  ms: number
  cpuHere: number
  cpuApp: number
}

/**
 * Issue 10: one run on the real clock doing one HTTP round trip per step (bench/round-trip-task.ts),
 * platform here and app in a child process (serve() behind listen()), through connectApp over
 * createNodeFetch. Floor, same run: bare node:http keep-alive, the same number of sequential round
 * trips with the same request and answer sizes, to a bare server in the same child process.
 * Beside wall time, the CPU time of each process per round trip: on a shared machine the wall
 * time also holds the wait for a CPU every time one side wakes the other.
 */
export async function httpRoundTripBench(): Promise<string[]> {
  const child = await startApp()
  try {
    // 300 steps is the goal; 30 shows the cost of a round trip when the journal is short.
    return [await oneRun(child, 300), await oneRun(child, 30)]
  } finally {
    await child.stop()
  }
}

/** One run of `steps` steps over HTTP, its floor and the same run in memory: one table row. */
async function oneRun(child: App, steps: number): Promise<string> {
  const fetch = createNodeFetch()
  // One run recording what goes over the wire (sizes for the floor), untimed; it warms up too.
  const sizes: [number, number][] = []
  await backlotRun(child, recording(fetch, sizes), steps)
  const app = (): Promise<Sample> => backlotRun(child, fetch, steps)
  const floor = (): Promise<Sample> => measured(child.bare, () => bareRun(child.bare, sizes))
  const memory = (): Promise<Sample> => backlotRun(undefined, fetch, steps)
  for (let i = 0; i < 2; i++) await app(), await floor(), await memory()
  const samples = { app: [] as Sample[], floor: [] as Sample[], memory: [] as Sample[] }
  for (let i = 0; i < REPEAT; i++) {
    samples.app.push(await app())
    samples.floor.push(await floor())
    samples.memory.push(await memory())
  }
  const posts = sizes.length
  const kib = sizes.reduce((sum, [req, res]) => sum + req + res, 0) / 1024
  const rate = (s: Sample[], what: string, n: number): string => `${fmt(n / (best(s) / 1000))} ${what}/s (median ${fmt(n / (median(s, 'ms') / 1000))})`
  const per = (ms: number): string => `${fmt((ms * 1000) / posts)} µs`
  const cpu = (s: Sample[], here: string, there: string): string => `CPU per round trip ${per(median(s, 'cpuHere'))} ${here} + ${per(median(s, 'cpuApp'))} ${there}`
  return row(
    `one run × ${steps} steps on the real clock, one round trip per step (${posts} signed POSTs, ${fmt(kib)} KiB over the wire), app in a child process, best of ${REPEAT}`,
    `${rate(samples.app, 'steps', steps)}; ${per(best(samples.app))} per POST; ${cpu(samples.app, 'platform', 'app')}`,
    `bare node:http keep-alive, ${posts} sequential round trips of the same sizes: ${rate(samples.floor, 'round trips', posts)}, ${per(best(samples.floor))} each; ${cpu(samples.floor, 'client', 'server')}. The same run in memory (inline executor): ${rate(samples.memory, 'steps', steps)}, CPU ${fmt((median(samples.memory, 'cpuHere') * 1000) / steps)} µs per step`,
    steps === 300 ? '≥ 1,500 steps/s' : '—',
  )
}

interface App {
  app: string
  bare: string
  stop(): Promise<void>
}

/** One run of `steps` steps over HTTP to the child's app, or in memory when `child` is undefined. */
async function backlotRun(child: App | undefined, fetch: NodeFetch, steps: number): Promise<Sample> {
  const engine = new Engine({ clock: systemClock(), seed: 1, ...(child ? {} : { tasks: [roundTripTask] }) })
  if (child) await connectApp(engine, { url: `${child.app}/api/tasks`, signingKey: KEY, fetch })
  // The sleep ends as soon as the run suspends: what its timer would do when its time came.
  engine.subscribe((event) => void (event.type === 'attempt.suspended' && queueMicrotask(() => engine.wake(event.runId))))
  const sample = await measured(child?.bare, async () => {
    const run = await engine.waitForRun(engine.trigger(roundTripTask.id, steps).id)
    if (run.status !== 'completed') throw new Error(`the round-trip run ended ${run.status}: ${run.error?.message}`)
  })
  engine.dispose()
  return sample
}

/** Wall time of `fn`, with this process's CPU time and the app process's (when `bare` is its URL). */
async function measured(bare: string | undefined, fn: () => Promise<void>): Promise<Sample> {
  const app0 = bare ? await appCpu(bare) : 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await fn()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { ms, cpuHere: (cpu.user + cpu.system) / 1000, cpuApp: bare ? (await appCpu(bare)) - app0 : 0 }
}

/** The app process's CPU time so far, ms. */
async function appCpu(bare: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    http.get(`${bare}/cpu`, { agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
  const usage = JSON.parse(text) as { user: number; system: number }
  return (usage.user + usage.system) / 1000
}

/** A fetch that notes each POST's request and answer sizes in bytes (not the manifest's GET). */
function recording(fetch: NodeFetch, sizes: [number, number][]): NodeFetch {
  return async (request) => {
    if (request.method !== 'POST') return fetch(request)
    const sent = Buffer.byteLength(await request.clone().text())
    const response = await fetch(request)
    sizes.push([sent, Buffer.byteLength(await response.clone().text())])
    return response
  }
}

/** The floor: sequential keep-alive round trips with the recorded sizes. */
async function bareRun(url: string, sizes: [number, number][]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const bodies = sizes.map(([req]) => Buffer.alloc(req, 0x20))
  for (let i = 0; i < sizes.length; i++) {
    await new Promise<void>((resolve, reject) => {
      const body = bodies[i]!
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.byteLength, 'x-reply-bytes': sizes[i]![1] } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => (Buffer.concat(chunks), resolve()))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })
  }
  agent.destroy()
}

async function startApp(): Promise<App> {
  // BENCH_APP_NODE_ARGS: flags for the app process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/app".
  const child = spawn(process.execPath, [...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []), new URL('./round-trip-app.js', import.meta.url).pathname], {
    env: { ...process.env, BACKLOT_SIGNING_KEY: KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const urls = await new Promise<{ app: string; bare: string }>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())))
    child.once('exit', (code) => reject(new Error(`the app process exited with ${code}`)))
  })
  return { ...urls, stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) }
}

const best = (samples: Sample[]): number => Math.min(...samples.map((s) => s.ms))
const median = (samples: Sample[], field: keyof Sample): number => samples.map((s) => s[field]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
