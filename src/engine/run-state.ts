import type { StepKind } from '../runner/types.js'
import type { RunEvent } from '../model/events.js'
import type { StepAttemptSummary } from '../model/run-record.js'
import type { RunState, StepState } from './run-types.js'
import { FoldedRun } from './folded-run.js'

export type { RunState, StepState } from './run-types.js'

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
  const state = new FoldedRun(e)
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

// The last time formatted: a test engine's record has many times at one virtual instant.
let lastMs = Number.NaN
let lastIso = ''

export function iso(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString()
    lastMs = ms
  }
  return lastIso
}

export type { StepAttemptSummary }
