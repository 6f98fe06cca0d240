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
  const [triggered, started, completed] = log as [RunEvent, RunEvent, RunEvent]
  // Checked without building the events again: this runs at the end of every run.
  return (
    triggered.type === 'run.triggered' &&
    triggered.runId === run.id &&
    triggered.at === run.createdAt &&
    triggered.taskId === run.taskId &&
    triggered.payload === run.payload &&
    triggered.parentId === run.parentId &&
    triggered.spawnKey === run.spawnKey &&
    triggered.idempotencyKey === run.idempotencyKey &&
    triggered.scheduledAt === run.scheduledAt &&
    triggered.cron === run.cron &&
    hasKeys(triggered, triggeredKeys(run)) &&
    started.type === 'attempt.started' &&
    started.runId === run.id &&
    started.at === run.startedAt &&
    started.attempt === 1 &&
    hasKeys(started, STARTED_KEYS) &&
    completed.type === 'run.completed' &&
    completed.runId === run.id &&
    completed.at === run.completedAt &&
    Object.is(completed.result, run.result) &&
    hasKeys(completed, run.result === undefined ? COMPLETED_KEYS : COMPLETED_WITH_RESULT_KEYS)
  )
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

const TRIGGERED_KEYS = ['type', 'runId', 'at', 'taskId', 'payload']
const STARTED_KEYS = ['type', 'runId', 'at', 'attempt']
const COMPLETED_KEYS = ['type', 'runId', 'at']
const COMPLETED_WITH_RESULT_KEYS = ['type', 'runId', 'at', 'result']
const OPTIONAL_TRIGGERED_KEYS = ['parentId', 'spawnKey', 'idempotencyKey', 'scheduledAt', 'cron'] as const

/** The keys `rebuildLog` gives the run's `run.triggered`, in order. */
function triggeredKeys(run: RunState): readonly string[] {
  let keys = TRIGGERED_KEYS
  for (const k of OPTIONAL_TRIGGERED_KEYS) if (run[k] !== undefined) keys = [...keys, k]
  return keys
}

/** Exactly these keys, in this order (what JSON.stringify would write). */
function hasKeys(event: object, keys: readonly string[]): boolean {
  let i = 0
  for (const k in event) if (k !== keys[i++]) return false
  return i === keys.length
}
