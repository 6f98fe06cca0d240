import type { RunEvent } from '../model/events.js'
import type { SerializedError } from '../errors/serialized-error.js'

/** One row of a run's waterfall: a span (attempt, step, sleep, wait, retry backoff, delay) or a point (log, child). */
export interface Row {
  kind: 'attempt' | 'step' | 'sleep' | 'wait' | 'retry' | 'delay' | 'log' | 'child'
  label: string
  start: number
  /** Null while it goes on. */
  end: number | null
  /** For sleeps, delays and retries: when the wait is due. */
  due?: number
  status: string
  attempt?: number
  result?: unknown
  hasResult?: boolean
  error?: SerializedError
  childId?: string
  level?: string
}

/**
 * Folds a run's event log into waterfall rows in time order: each attempt a bar, its steps,
 * sleeps up to their wake time, retries with their reason and next time, children and logs.
 */
export function buildRows(events: readonly RunEvent[]): Row[] {
  const rows: Row[] = []
  const open = new Map<string, Row>()
  let attemptRow: Row | undefined
  const closeAttempt = (at: number, status: string): void => {
    if (attemptRow && attemptRow.end === null) {
      attemptRow.end = at
      attemptRow.status = status
    }
    attemptRow = undefined
  }
  const closeWaits = (at: number): void => {
    for (const key of ['delay', 'retry']) {
      const row = open.get(key)
      if (row) {
        row.end = at
        row.status = row.due !== undefined && at < row.due ? 'woken early' : 'done'
        open.delete(key)
      }
    }
  }
  for (const e of events) {
    switch (e.type) {
      case 'run.triggered':
        if (e.delayUntil !== undefined) {
          const row: Row = { kind: 'delay', label: 'delayed', start: e.at, end: null, due: e.delayUntil, status: 'waiting' }
          rows.push(row)
          open.set('delay', row)
        }
        break
      case 'attempt.started':
        closeWaits(e.at)
        attemptRow = { kind: 'attempt', label: `attempt ${e.attempt}${e.resumed ? ' (resumed)' : ''}`, start: e.at, end: null, status: 'running', attempt: e.attempt }
        rows.push(attemptRow)
        break
      case 'step.completed':
      case 'step.failed':
        rows.push({
          kind: 'step',
          label: e.name,
          start: e.startedAt,
          end: e.at,
          status: e.type === 'step.completed' ? 'completed' : 'failed',
          attempt: e.attempt,
          ...(e.type === 'step.completed' ? { result: e.result, hasResult: e.result !== undefined } : { error: e.error }),
        })
        break
      case 'sleep.started': {
        const row: Row = { kind: 'sleep', label: `sleep ${e.name ?? e.key}`, start: e.at, end: null, due: e.until, status: 'sleeping' }
        rows.push(row)
        open.set(`sleep:${e.key}`, row)
        break
      }
      case 'sleep.completed': {
        const row = open.get(`sleep:${e.key}`)
        if (row) {
          row.end = e.at
          row.status = row.due !== undefined && e.at < row.due ? 'woken early' : 'completed'
          open.delete(`sleep:${e.key}`)
        }
        break
      }
      case 'child.spawned':
        rows.push({ kind: 'child', label: `${e.taskId} ${e.childId} (${e.via})`, start: e.at, end: e.at, status: 'spawned', childId: e.childId })
        break
      case 'child.waiting': {
        const row: Row = { kind: 'wait', label: `wait for ${e.childId}`, start: e.at, end: null, status: 'waiting', childId: e.childId }
        rows.push(row)
        open.set(`wait:${e.key}`, row)
        break
      }
      case 'child.ended': {
        const row = open.get(`wait:${e.key}`)
        if (row) {
          row.end = e.at
          row.status = e.status
          open.delete(`wait:${e.key}`)
        }
        break
      }
      case 'log':
        rows.push({ kind: 'log', label: e.message, start: e.at, end: e.at, status: e.level, level: e.level, attempt: e.attempt })
        break
      case 'attempt.suspended':
        closeAttempt(e.at, 'suspended')
        break
      case 'attempt.failed':
        if (attemptRow) attemptRow.error = e.error
        closeAttempt(e.at, 'failed')
        if (e.retryAt !== null) {
          const row: Row = { kind: 'retry', label: `attempt ${e.attempt + 1} after: ${e.error.name}: ${e.error.message}`, start: e.at, end: null, due: e.retryAt, status: 'waiting' }
          rows.push(row)
          open.set('retry', row)
        }
        break
      case 'run.completed':
      case 'run.failed':
      case 'run.cancelled': {
        const status = e.type.slice(4)
        closeAttempt(e.at, status)
        for (const row of open.values()) {
          row.end = e.at
          row.status = status === 'cancelled' ? 'cancelled' : row.status
        }
        open.clear()
        break
      }
    }
  }
  return rows.sort((a, b) => a.start - b.start)
}
