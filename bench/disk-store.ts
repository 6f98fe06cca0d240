/**
 * Events made durable per second by the dev server's store, beside the floor: fsynced appends
 * per second of the same size on the same disk, measured in the same run.
 * Run: npx tsx bench/disk-store.ts [dir]   (default: ./.bench-store, removed afterwards)
 */
import fs from 'node:fs'
import path from 'node:path'
import { Engine } from '../src/engine/engine.js'
import type { RunEvent } from '../src/model/events.js'
import { task } from '../src/sdk/task.js'
import { openSqliteRunStore } from '../src/server/store/sqlite-run-store.js'

const root = path.resolve(process.argv[2] ?? '.bench-store')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2)
const sample: RunEvent = { type: 'step.completed', runId: 'run_k2j4h5g6f7d8', at: Date.now(), attempt: 1, key: 'charge', name: 'charge', kind: 'run', result: { id: 'ch_1234567890', amount: 4200, currency: 'eur' }, startedAt: Date.now() }
const line = Buffer.from(JSON.stringify(sample) + '\n')

function fresh(name: string): string {
  const dir = path.join(root, name)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** Appends per second when each batch of `batch` records is written then fdatasync'd. */
function fsyncFloor(batch: number): number {
  const fd = fs.openSync(path.join(fresh(`floor-${batch}`), 'journal'), 'a')
  const buf = Buffer.concat(Array.from({ length: batch }, () => line))
  let n = 0
  const end = performance.now() + SECONDS * 1000
  while (performance.now() < end) {
    fs.writeSync(fd, buf)
    fs.fdatasyncSync(fd)
    n += batch
  }
  const rate = n / SECONDS
  fs.closeSync(fd)
  return rate
}

/** Events per second through SqliteRunStore when `batch` events are appended per flush. */
async function sqliteRate(batch: number): Promise<number> {
  const store = openSqliteRunStore(fresh(`sqlite-${batch}`))
  store.append({ type: 'run.triggered', runId: sample.runId, at: 0, taskId: 't', payload: null })
  await store.flush()
  let n = 0
  const start = performance.now()
  const end = start + SECONDS * 1000
  while (performance.now() < end) {
    for (let i = 0; i < batch; i++) store.append(sample)
    await store.flush()
    n += batch
  }
  const rate = n / ((performance.now() - start) / 1000)
  await store.close()
  return rate
}

/** Trivial runs through the engine on the disk store: events durable per second, end to end. */
async function engineRate(runs: number): Promise<{ events: number; runsPerSecond: number; bytesPerRun: number }> {
  const dir = fresh('engine')
  const store = openSqliteRunStore(dir)
  const trivial = task({ id: 'bench-trivial', run: async (n: number) => ({ doubled: n * 2 }) })
  const engine = new Engine({ store, tasks: [trivial] })
  let events = 0
  store.subscribe((batch) => void (events += batch.length))
  const start = performance.now()
  for (let i = 0; i < runs; i += 500) {
    const ids = []
    for (let j = i; j < Math.min(runs, i + 500); j++) ids.push(engine.trigger(trivial, j).id)
    await Promise.all(ids.map((id) => engine.waitForRun(id)))
  }
  await store.flush()
  const seconds = (performance.now() - start) / 1000
  engine.dispose()
  await store.close()
  const bytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0)
  return { events: events / seconds, runsPerSecond: runs / seconds, bytesPerRun: bytes / runs }
}

const f = (n: number) => Math.round(n).toLocaleString('en-US')
const rows: string[] = []
for (const batch of [1, 10, 100]) {
  const floor = fsyncFloor(batch)
  const sqlite = await sqliteRate(batch)
  rows.push(`| ${batch} event(s) per commit | ${f(sqlite)} events/s | ${f(floor)} appends/s (${f(floor / batch)} fsyncs/s) | ${((sqlite / floor) * 100).toFixed(0)} % |`)
}
const e2e = await engineRate(Number(process.env.BENCH_RUNS ?? 20_000))
fs.rmSync(root, { recursive: true, force: true })
console.log(`event size ${line.length} B, ${SECONDS} s per measure\n`)
console.log('| measure | SQLite store (WAL, synchronous=FULL) | floor: write + fdatasync of the same bytes (a journal’s ceiling) | of floor |')
console.log('|---|---|---|---|')
console.log(rows.join('\n'))
console.log(`\nengine on the disk store, trivial runs: ${f(e2e.runsPerSecond)} runs/s, ${f(e2e.events)} events durable/s, ${f(e2e.bytesPerRun)} B on disk per retained run`)
