import type { SerializedError } from '../errors/serialize.js'
import type { StepKind } from '../runner/types.js'
import type { RunEvent } from '../model/events.js'
import type { RunLog, RunStatus, StepAttemptSummary, StepSummary } from '../model/run-record.js'

export interface StepState {
  key: string
  name: string
  kind: StepKind
  status: StepSummary['status']
  result?: unknown
  error?: SerializedError
  /** When it settled among the run's steps (RunState.settled at the time): replay keeps this order. */
  seq?: number
  /**
   * Of a failed step: `fresh` (a child's failure no invocation has gone past yet, journaled),
   * `caught` (an invocation went on past it: journaled for good) or `dropped` (it ended an
   * attempt: not journaled, so the retry runs the step or starts a new child).
   */
  failure?: 'fresh' | 'caught' | 'dropped'
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
  /** Steps settled so far (completed, failed, woken, child ended): the next one's `seq` is this plus one. */
  settled: number
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
  /** The wait step for each child the run waits on: a child's end finds its step without a scan. */
  waitsOn?: Map<string, StepState>
  logs?: RunLog[]
  /** @internal Creation order in the engine holding the run (status-index.ts). */
  order: number
  /** @internal Which status lists of the engine hold an entry for the run (status-index.ts). */
  listedIn: number
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
        step.error = step.failure = undefined
        step.completedAt = e.at
        step.seq = ++state.settled
      } else {
        // A wait's failure settled when its child ended; this event only says whether it stays journaled.
        if (e.kind !== 'wait') step.seq = ++state.settled
        step.status = 'failed'
        step.error = attempt.error = e.error
        step.failure = e.caught ? 'caught' : 'dropped'
      }
      step.attempts.push(attempt)
      break
    }
    case 'step.abandoned':
      upsertStep(state, e.key, e.name, e.kind, e.at).status = 'abandoned'
      break
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
        step.seq = ++state.settled
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
      step.error = step.failure = undefined
      ;(state.waitsOn ??= new Map()).set(e.childId, step)
      break
    }
    case 'child.ended': {
      const step = upsertStep(state, e.key, e.key, 'wait', e.at)
      step.childId = e.childId
      state.waitsOn?.delete(e.childId)
      step.completedAt = e.at
      step.seq = ++state.settled
      if (e.status === 'completed') {
        step.status = 'completed'
        step.result = e.result
      } else {
        step.status = 'failed'
        step.error = e.error
        step.failure = 'fresh'
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
    settled: 0,
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
    waitsOn: undefined,
    logs: undefined,
    order: 0,
    listedIn: 0,
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

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

export type { StepAttemptSummary }
