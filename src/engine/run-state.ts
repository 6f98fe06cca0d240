import type { SerializedError } from '../errors/serialize.js'
import type { JournalStep, StepKind } from '../runner/types.js'
import type { RunEvent } from '../model/events.js'
import type { RunLog, RunStatus, StepAttemptSummary } from '../model/run-record.js'

export interface StepState {
  key: string
  name: string
  kind: StepKind
  status: 'completed' | 'failed' | 'sleeping' | 'waiting'
  result?: unknown
  error?: SerializedError
  attempts: { attempt: number; status: 'completed' | 'failed'; startedAt: number; endedAt: number; error?: SerializedError }[]
  startedAt: number
  completedAt?: number
  until?: number
  childId?: string
}

/**
 * A run as folded from its event log. Optional fields stay absent until used, so a small
 * completed run stays small in memory.
 */
export interface RunState {
  id: string
  taskId: string
  status: RunStatus
  events: RunEvent[]
  createdAt: number
  startedAt?: number
  completedAt?: number
  payload: unknown
  result?: unknown
  error?: SerializedError
  /** The current (latest started) attempt number; 0 before the first. */
  attempt: number
  /** True while suspended on a sleep or a child. */
  suspended?: boolean
  parentId?: string
  spawnKey?: string
  idempotencyKey?: string
  delayUntil?: number
  retryAt?: number
  blocked?: 'concurrency'
  scheduledAt?: number
  cron?: string
  children?: string[]
  /** Keys of ctx.task() children already dispatched. */
  dispatched?: string[]
  steps?: StepState[]
  stepIndex?: Map<string, StepState>
  logs?: RunLog[]
}

/** Folds one event into the state. The only place run state changes. */
export function applyEvent(state: RunState, e: RunEvent): void {
  switch (e.type) {
    case 'run.triggered':
      break
    case 'run.waiting':
      state.blocked = e.for
      break
    case 'attempt.started':
      state.status = 'running'
      state.attempt = e.attempt
      state.startedAt ??= e.at
      state.blocked = state.retryAt = state.delayUntil = undefined
      state.suspended = false
      break
    case 'step.completed':
    case 'step.failed': {
      const step = upsertStep(state, e.key, e.name, e.kind, e.startedAt)
      const attempt: StepState['attempts'][number] = { attempt: e.attempt, status: e.type === 'step.completed' ? 'completed' : 'failed', startedAt: e.startedAt, endedAt: e.at }
      if (e.type === 'step.completed') {
        step.status = 'completed'
        step.result = e.result
        step.error = undefined
        step.completedAt = e.at
      } else {
        step.status = 'failed'
        step.error = attempt.error = e.error
      }
      step.attempts.push(attempt)
      break
    }
    case 'sleep.started': {
      const step = upsertStep(state, e.key, e.name ?? e.key, 'sleep', e.at)
      step.status = 'sleeping'
      step.until = e.until
      break
    }
    case 'sleep.completed': {
      const step = state.stepIndex?.get(e.key)
      if (step) {
        step.status = 'completed'
        step.completedAt = e.at
      }
      break
    }
    case 'child.spawned':
      ;(state.children ??= []).push(e.childId)
      if (e.via === 'ctx.task') (state.dispatched ??= []).push(e.key)
      break
    case 'child.waiting': {
      const step = upsertStep(state, e.key, e.key, 'wait', e.at)
      step.status = 'waiting'
      step.childId = e.childId
      break
    }
    case 'child.ended': {
      const step = upsertStep(state, e.key, e.key, 'wait', e.at)
      step.childId = e.childId
      step.completedAt = e.at
      if (e.status === 'completed') {
        step.status = 'completed'
        step.result = e.result
      } else {
        step.status = 'failed'
        step.error = e.error
      }
      break
    }
    case 'log':
      ;(state.logs ??= []).push(
        e.data === undefined
          ? { level: e.level, message: e.message, at: iso(e.at), attempt: e.attempt }
          : { level: e.level, message: e.message, at: iso(e.at), attempt: e.attempt, data: e.data },
      )
      break
    case 'attempt.suspended':
      state.suspended = true
      break
    case 'attempt.failed':
      state.error = e.error
      state.suspended = false
      if (e.retryAt !== null) {
        state.status = 'pending'
        state.retryAt = e.retryAt
      }
      break
    case 'run.completed':
      state.status = 'completed'
      state.result = e.result
      state.error = undefined
      state.completedAt = e.at
      state.suspended = false
      break
    case 'run.failed':
      state.status = 'failed'
      state.error = e.error
      state.completedAt = e.at
      state.suspended = false
      break
    case 'run.cancelled':
      state.status = 'cancelled'
      state.completedAt = e.at
      state.suspended = false
      state.blocked = state.retryAt = undefined
      break
  }
  state.events.push(e)
}

/** A new run's state from its `run.triggered` event. */
export function initialState(e: Extract<RunEvent, { type: 'run.triggered' }>): RunState {
  // Every field is present from the start, so all runs share one hidden class with in-object
  // fields: smaller retained runs and faster property access than fields added on the way.
  const state: RunState = {
    id: e.runId,
    taskId: e.taskId,
    status: 'pending',
    events: [],
    createdAt: e.at,
    startedAt: undefined,
    completedAt: undefined,
    payload: e.payload,
    result: undefined,
    error: undefined,
    attempt: 0,
    suspended: undefined,
    parentId: e.parentId,
    spawnKey: e.spawnKey,
    idempotencyKey: e.idempotencyKey,
    delayUntil: e.delayUntil,
    retryAt: undefined,
    blocked: undefined,
    scheduledAt: e.scheduledAt,
    cron: e.cron,
    children: undefined,
    dispatched: undefined,
    steps: undefined,
    stepIndex: undefined,
    logs: undefined,
  }
  applyEvent(state, e)
  return state
}

/** Rebuilds a run from its full event log (the dev server's journal, a test's history). */
export function foldEvents(events: readonly RunEvent[]): RunState {
  const [first, ...rest] = events
  if (!first || first.type !== 'run.triggered') throw new Error('Failed to rebuild a run: its event log does not start with run.triggered.')
  const state = initialState(first)
  for (const e of rest) applyEvent(state, e)
  return state
}

/** The journal the runner replays: every step that has completed, failed (a child's end), or still waits. */
export function journalOf(state: RunState): JournalStep[] {
  if (!state.steps) return []
  const out: JournalStep[] = []
  for (const s of state.steps) {
    if (s.kind === 'run') {
      if (s.status === 'completed') out.push({ key: s.key, kind: 'run', status: 'completed', result: s.result })
    } else if (s.kind === 'sleep') {
      out.push({ key: s.key, kind: 'sleep', status: s.status === 'completed' ? 'completed' : 'waiting', until: s.until })
    } else if (s.kind === 'trigger') {
      out.push({ key: s.key, kind: 'trigger', status: 'completed', result: s.result })
    } else {
      const status = s.status === 'completed' ? 'completed' : s.status === 'failed' ? 'failed' : 'waiting'
      out.push({ key: s.key, kind: 'wait', status, result: s.result, error: s.error, childId: s.childId })
    }
  }
  return out
}

function upsertStep(state: RunState, key: string, name: string, kind: StepKind, startedAt: number): StepState {
  const index = (state.stepIndex ??= new Map())
  let step = index.get(key)
  if (!step) {
    step = { key, name, kind, status: 'waiting', attempts: [], startedAt }
    index.set(key, step)
    ;(state.steps ??= []).push(step)
  }
  return step
}

/** An ISO time; a time no Date can hold (only a bug could store one) reads as the nearest valid one, so no read fails. */
export function iso(ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? new Date(ms < 0 ? -8.64e15 : 8.64e15).toISOString() : d.toISOString()
}

export type { StepAttemptSummary }
