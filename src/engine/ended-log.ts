import type { RunEvent } from '../model/events.js'
import type { RunState } from './run-types.js'

/**
 * Most runs end with the log `run.triggered`, `attempt.started`, `run.completed`, each of whose
 * fields the run's state also holds. Such a log need not be kept: `rebuildLog` makes it again,
 * field for field and in the same key order, when someone reads it. `canRebuild` checks exactly
 * that, so a log of any other shape (or with a field the state does not hold) is kept as it is.
 */
export function canRebuild(run: RunState, log: readonly RunEvent[]): boolean {
  if (log.length !== 3 || run.status !== 'completed') return false
  const rebuilt = rebuildLog(run)
  for (let i = 0; i < 3; i++) if (!sameFields(log[i]!, rebuilt[i]!)) return false
  return true
}

/** The three events of a run that `canRebuild` accepted. */
export function rebuildLog(run: RunState): RunEvent[] {
  const triggered: Extract<RunEvent, { type: 'run.triggered' }> = { type: 'run.triggered', runId: run.id, at: run.createdAt, taskId: run.taskId, payload: run.payload }
  // The optional fields in the order Engine.trigger writes them.
  if (run.parentId !== undefined) triggered.parentId = run.parentId
  if (run.spawnKey !== undefined) triggered.spawnKey = run.spawnKey
  if (run.idempotencyKey !== undefined) triggered.idempotencyKey = run.idempotencyKey
  if (run.scheduledAt !== undefined) triggered.scheduledAt = run.scheduledAt
  if (run.cron !== undefined) triggered.cron = run.cron
  const id = run.id
  return [
    triggered,
    { type: 'attempt.started', runId: id, at: run.startedAt!, attempt: 1 },
    run.result === undefined ? { type: 'run.completed', runId: id, at: run.completedAt! } : { type: 'run.completed', runId: id, at: run.completedAt!, result: run.result },
  ]
}

/** The same keys in the same order, with identical values. */
function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!
    if (k !== kb[i] || !Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}
