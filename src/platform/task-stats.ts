import type { Engine } from '../engine/engine.js'
import { iso } from '../engine/run-state.js'
import type { TaskStats } from '../protocol/api-tasks.js'

const MINUTE = 60_000

/** Runs of a task created in the last `minutes` of the engine's clock, per minute by status, and their duration percentiles. */
export function taskStats(engine: Engine, taskId: string, minutes: number): TaskStats {
  const now = engine.clock.now()
  const from = Math.floor(now / MINUTE) * MINUTE - (minutes - 1) * MINUTE
  const perMinute: TaskStats['perMinute'] = []
  for (let i = 0; i < minutes; i++) perMinute.push({ at: iso(from + i * MINUTE), pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0 })
  const durations: number[] = []
  for (const run of engine.allRuns()) {
    if (run.taskId !== taskId || run.createdAt < from) continue
    const bucket = perMinute[Math.floor((run.createdAt - from) / MINUTE)]
    if (bucket) bucket[run.status]++
    if (run.startedAt !== undefined && run.completedAt !== undefined) durations.push(run.completedAt - run.startedAt)
  }
  durations.sort((a, b) => a - b)
  const pick = (p: number): number | null => (durations.length === 0 ? null : durations[Math.min(durations.length - 1, Math.ceil(p * durations.length) - 1)]!)
  return { taskId, from: iso(from), perMinute, duration: { count: durations.length, p50: pick(0.5), p95: pick(0.95) } }
}
