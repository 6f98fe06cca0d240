import type { RunRecord, StepSummary, WaitingFor } from '../model/run-record.js'
import { iso } from './run-state.js'
import type { DeepReadonly, ReadonlyRun, StepState } from './run-types.js'

/** The public status record of a run (what `getTask` returns), from its folded state. */
export function toRunRecord(state: ReadonlyRun): RunRecord {
  // Fields added to the head, not spread into a literal: a spread copy is several times slower,
  // and listing ten thousand runs makes ten thousand records.
  const record = runHead(state) as RunRecord
  record.payload = state.payload
  record.error = state.error ?? null
  record.children = state.children ? [...state.children] : []
  record.steps = state.steps ? state.steps.map(toStepSummary) : []
  record.logs = state.logs ? [...state.logs] : []
  record.waitingFor = waitingFor(state)
  if (state.status === 'completed') record.result = state.result
  if (state.idempotencyKey !== undefined) record.idempotencyKey = state.idempotencyKey
  if (state.scheduledAt !== undefined) record.scheduledAt = iso(state.scheduledAt)
  if (state.cron !== undefined) record.cron = state.cron
  return record
}

/** The fields every view of a run starts with: ids, status, times and attempts. */
export function runHead(state: ReadonlyRun): Pick<RunRecord, 'id' | 'taskId' | 'status' | 'createdAt' | 'startedAt' | 'completedAt' | 'attempts' | 'parentId'> {
  return {
    id: state.id,
    taskId: state.taskId,
    status: state.status,
    createdAt: iso(state.createdAt),
    startedAt: state.startedAt === undefined ? null : iso(state.startedAt),
    completedAt: state.completedAt === undefined ? null : iso(state.completedAt),
    attempts: state.attempt,
    parentId: state.parentId ?? null,
  }
}

/** What a pending or suspended run is waiting for; null when it is executing or has ended. */
export function waitingFor(state: ReadonlyRun): WaitingFor | null {
  if (state.status === 'pending') {
    if (state.blocked) return { kind: 'concurrency' }
    if (state.retryAt !== undefined) return { kind: 'retry', until: iso(state.retryAt) }
    if (state.delayUntil !== undefined) return { kind: 'delay', until: iso(state.delayUntil) }
    return { kind: 'queue' }
  }
  if (state.status === 'running' && state.suspended && state.steps) {
    for (const s of state.steps) {
      if (s.status === 'sleeping') return { kind: 'sleep', step: s.key, until: iso(s.until!) }
      if (s.status === 'waiting') return { kind: 'child', step: s.key, childId: s.childId! }
    }
  }
  return null
}

function toStepSummary(s: DeepReadonly<StepState>): StepSummary {
  const out: StepSummary = {
    key: s.key,
    name: s.name,
    kind: s.kind,
    status: s.status,
    attempts: s.attempts.map((a) => {
      const summary: StepSummary['attempts'][number] = { attempt: a.attempt, status: a.status, startedAt: iso(a.startedAt), endedAt: iso(a.endedAt) }
      if (a.error) summary.error = a.error
      return summary
    }),
    startedAt: iso(s.startedAt),
    completedAt: s.completedAt === undefined ? null : iso(s.completedAt),
  }
  if (s.status === 'completed' && s.result !== undefined) out.result = s.result
  if (s.error) out.error = s.error
  if (s.until !== undefined) out.until = iso(s.until)
  if (s.childId !== undefined) out.childId = s.childId
  return out
}
