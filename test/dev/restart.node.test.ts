import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpTransport } from '../../src/transport/http/http-transport.js'
import { openSqliteRunStore } from '../../src/server/store/sqlite-run-store.js'
import type { RunEvent } from '../../src/model/events.js'
import { startDevProcess, type DevProcess } from './dev-process-handle.js'

const TASKS = fileURLToPath(new URL('./fixtures/restart-tasks.ts', import.meta.url))

/** Reads what a killed server left on disk: each run's events (the test's only view of "durable"). */
async function durableRuns(dataDir: string): Promise<Map<string, RunEvent[]>> {
  const store = openSqliteRunStore(dataDir)
  try {
    return new Map([...(await store.load()).runs].map((events) => [events[0]!.runId, [...events]]))
  } finally {
    await store.close()
  }
}

/** "runId step" pairs whose step.completed was durable. */
function completedSteps(runs: Map<string, RunEvent[]>): Set<string> {
  const out = new Set<string>()
  for (const events of runs.values()) for (const e of events) if (e.type === 'step.completed') out.add(`${e.runId} ${e.key}`)
  return out
}

/** Side effects per "runId step", each with the pid that ran it. */
function sideEffects(file: string): { key: string; pid: number }[] {
  if (!fs.existsSync(file)) return []
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
    const [runId, step, pid] = line.split(' ')
    return { key: `${runId} ${step}`, pid: Number(pid) }
  })
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`Timed out waiting for ${what}`)
}

describe('backlot dev killed with -9 and restarted on the same data directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-restart-'))
  const data = path.join(dir, 'data')
  const effects = path.join(dir, 'effects.log')
  let live: DevProcess | undefined
  afterEach(async () => {
    await live?.kill9()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('completes every acknowledged run exactly once and never re-runs a durably completed step', async () => {
    const acknowledged = new Set<string>()
    const durableBefore: { steps: Set<string>; laterPids: number[] }[] = []
    const start = async (env: Record<string, string> = {}): Promise<DevProcess> => {
      live = await startDevProcess(data, [TASKS], { SIDE_EFFECTS: effects, ...env })
      for (const snapshot of durableBefore) snapshot.laterPids.push(live.pid)
      return live
    }
    const kill = async (): Promise<void> => {
      await live!.kill9()
      live = undefined
      durableBefore.push({ steps: completedSteps(await durableRuns(data)), laterPids: [] })
    }
    const client = (p: DevProcess) => createHttpTransport({ baseUrl: p.url, secretKey: 'sk_restart', retry: { attempts: 1 } })

    // Life 1: a sleep, a delayed trigger, a retry and a parent waiting on its sleeping child; killed while they wait.
    let p = await start()
    for (const [id, options] of [['r-sleep', {}], ['r-delayed', { delay: '1h' }], ['r-retry', {}], ['r-parent', {}]] as const) {
      acknowledged.add((await client(p).trigger({ id } as never, {}, options)).id)
    }
    await p.send('advance 1s')
    await kill()

    // Life 2: the cron fires and its second step hangs; killed during the step of the firing.
    p = await start({ HANG_CRON: '1' })
    expect(p.recovered.runs).toBeGreaterThanOrEqual(4) // the child too, if its spawn was flushed before the kill
    void p.send('advance 1m')
    await until(() => sideEffects(effects).some((e) => e.key.endsWith(' hang-start') && e.pid === p.pid), 'the cron step to start')
    await kill()

    // Life 3: a burst of triggers, killed in the middle of writing them.
    p = await start()
    const burst = Array.from({ length: 40 }, () => client(p).trigger({ id: 'r-quick' } as never, {}).then((r) => void acknowledged.add(r.id), () => undefined))
    await until(() => acknowledged.size >= 14, 'some triggers to be acknowledged')
    await kill()
    await Promise.all(burst)

    // Life 4: time moves on; everything acknowledged finishes.
    p = await start()
    await p.send('advance 2h')
    await p.send('idle')
    const runs = await client(p).listRuns({ limit: 1000 })
    await p.close()
    live = undefined

    const final = await durableRuns(data)
    expect([...final.values()].filter((events) => !['run.completed', 'run.failed', 'run.cancelled'].includes(events.at(-1)!.type))).toEqual([])
    for (const id of acknowledged) {
      const events = final.get(id)
      expect(events, `acknowledged run ${id} is stored`).toBeDefined()
      expect(events!.filter((e) => e.type === 'run.completed')).toHaveLength(1)
    }
    expect(runs.every((r) => r.status === 'completed')).toBe(true)
    const cronTimes = runs.filter((r) => r.cron === 'r-cron').map((r) => r.scheduledAt)
    expect(cronTimes.length).toBeGreaterThanOrEqual(60)
    expect(new Set(cronTimes).size).toBe(cronTimes.length)
    expect([...final.values()].some((events) => events.some((e) => e.type === 'attempt.failed' && e.error.name === 'InterruptedError'))).toBe(true)

    const effectsSeen = sideEffects(effects)
    for (const snapshot of durableBefore) {
      const rerun = effectsSeen.filter((e) => snapshot.steps.has(e.key) && snapshot.laterPids.includes(e.pid))
      expect(rerun, 'steps completed durably before a kill never run again').toEqual([])
    }
    const lastLife = effectsSeen.filter((e) => e.pid === p.pid).map((e) => e.key)
    expect(new Set(lastLife).size, 'no step runs twice in one life').toBe(lastLife.length)
    for (const key of completedSteps(final)) expect(effectsSeen.some((e) => e.key === key), `${key} ran`).toBe(true)
  }, 180_000)
})
