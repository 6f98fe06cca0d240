import { afterEach, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import type { RunEvent } from '../model/events.js'
import { task } from '../sdk/task.js'
import { Engine } from './engine.js'
import { TimeDriver } from './time-driver.js'

let engine: Engine | undefined
afterEach(() => engine?.dispose())

const echo = task({ id: 'ended-log-echo', run: async (p: { n: number } | undefined) => (p ? { twice: p.n * 2 } : undefined) })

it('gives an ended run the same event log, key for key, after dropping it from memory', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  engine = new Engine({ clock, seed: 3, tasks: [echo] })
  const seen = new Map<string, RunEvent[]>()
  engine.subscribe((event) => seen.set(event.runId, [...(seen.get(event.runId) ?? []), event]))
  const runs = [
    engine.trigger(echo, { n: 1 }),
    engine.trigger(echo, undefined),
    engine.trigger(echo, { n: 2 }, { idempotencyKey: 'k' }),
    engine.trigger(echo, { n: 3 }, { delay: '1m' }),
  ]
  await new TimeDriver(engine, clock).runUntilIdle()
  // Dropped for the usual shape; kept for a delayed run (its state no longer holds the delay).
  expect(runs.map((run) => (run as unknown as { log?: unknown }).log === undefined)).toEqual([true, true, true, false])
  for (const run of runs) {
    expect(run.status).toBe('completed')
    expect(JSON.stringify(engine.events(run.id))).toBe(JSON.stringify(seen.get(run.id)))
    expect(engine.events(run.id)).toEqual(seen.get(run.id))
    expect(engine.events(run.id)).toBe(engine.events(run.id))
  }
})
