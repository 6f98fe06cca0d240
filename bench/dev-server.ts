/**
 * The dev server with 100,000 runs stored: runs-list API latency (p50 / p95), the time to
 * restart on that data (open, read, fold, re-arm), and disk bytes per retained run.
 * Run: npx tsx bench/dev-server.ts [runs]   (data in ./.bench-store, removed afterwards)
 */
import fs from 'node:fs'
import path from 'node:path'
import { Engine } from '../src/engine/engine.js'
import { DEFAULT_RETRY } from '../src/sdk/retry-options.js'
import type { TaskContext } from '../src/sdk/types.js'
import { startDevServer } from '../src/server/dev/start-dev-server.js'
import { openSqliteRunStore } from '../src/server/store/sqlite-run-store.js'
import { firstRender } from './dashboard-render.js'

const RUNS = Number(process.argv[2] ?? 100_000)
const dir = path.resolve('.bench-store/dev')
fs.rmSync(dir, { recursive: true, force: true })
const file = path.resolve('.bench-store/dev-tasks.ts')
fs.mkdirSync(path.dirname(file), { recursive: true })
fs.writeFileSync(file, `import { task } from 'backlot'\nexport const sendEmail = task({ id: 'send-email', run: async (p: { to: string }, { step }) => step.run('send', () => ({ id: 'msg_' + p.to.length })) })\nexport const report = task({ id: 'report', run: async () => 'ok' })\n`)

// Fill the store through the engine, as the server would.
{
  const store = openSqliteRunStore(dir)
  // Task policies, not task(): the server below defines these ids from the task file, and one
  // process may not define an id in two files.
  const sendEmail = { id: 'send-email', retry: DEFAULT_RETRY, run: async (p: { to: string }, { step }: TaskContext) => step.run('send', () => ({ id: 'msg_' + p.to.length })) }
  const report = { id: 'report', retry: DEFAULT_RETRY, run: async () => 'ok' }
  const engine = new Engine({ store, tasks: [sendEmail, report] })
  const start = performance.now()
  for (let i = 0; i < RUNS; i += 1000) {
    const ids: string[] = []
    for (let j = i; j < Math.min(RUNS, i + 1000); j++) ids.push(engine.trigger(j % 10 === 0 ? report : sendEmail, j % 10 === 0 ? undefined : { to: `user${j}@example.com` }).id)
    await Promise.all(ids.map((id) => engine.waitForRun(id)))
  }
  await store.flush()
  console.log(`stored ${RUNS.toLocaleString('en-US')} runs in ${((performance.now() - start) / 1000).toFixed(1)} s`)
  engine.dispose()
  await store.close()
}
const bytes = fs.readdirSync(dir).filter((f) => f.startsWith('backlot.db')).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0)

const bootStart = performance.now()
const server = await startDevServer({ files: [file], data: dir, port: 0, env: {}, log: () => undefined, retainRuns: RUNS * 2 })
const bootMs = performance.now() - bootStart
const headers = { authorization: `Bearer ${server.secretKey}` }

async function latency(query: string, n = 200): Promise<string> {
  const times: number[] = []
  for (let i = 0; i < n + 20; i++) {
    const t = performance.now()
    const res = await fetch(`${server.url}/api/v1/runs${query}`, { headers })
    const body = (await res.json()) as { runs: unknown[] }
    if (res.status !== 200 || !Array.isArray(body.runs)) throw new Error(`GET /runs${query} answered ${res.status}`)
    if (i >= 20) times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2)
  return `| \`GET /api/v1/runs${query}\` | ${p(0.5)} ms | ${p(0.95)} ms |`
}

const rows = [
  await latency(''),
  await latency('?limit=1000', 50),
  await latency('?taskId=report&limit=100'),
  await latency('?status=failed'),
]
const rss = process.memoryUsage().rss
const render = await firstRender(`${server.url}/`)
await server.close()
fs.rmSync(path.resolve('.bench-store'), { recursive: true, force: true })

console.log(`\n${RUNS.toLocaleString('en-US')} runs stored (each 4–5 events); over a 127.0.0.1 socket, 200 requests after 20 warm-ups\n`)
console.log('| request | p50 | p95 |\n|---|---|---|')
console.log(rows.join('\n'))
console.log(`\nrestart on that data (open, read, fold, re-arm, listen): ${(bootMs / 1000).toFixed(2)} s; process RSS after: ${(rss / 1048576).toFixed(0)} MiB`)
console.log(`disk: ${(bytes / 1048576).toFixed(1)} MiB, ${Math.round(bytes / RUNS)} B per retained run`)
console.log(`dashboard first render (Runs page, first row on screen): ${render}`)
