import { UnknownTaskError, ValidationError } from '../errors/input-errors.js'
import type { AbandonedStep, ExecutionOutcome, SpawnRequest } from '../runner/types.js'
import { checkPayload } from '../sdk/payload.js'
import { backoffDelay } from './backoff.js'
import type { RunHost } from './run-host.js'
import type { InFlight } from './dispatcher.js'
import { childEndedEvent, notifyParent } from './children.js'
import { failedOutcome } from '../runner/failed-outcome.js'
import { rejectOutcomeTimes } from './outcome-times.js'
import { isTerminal } from '../model/run-record.js'
import type { RunState } from './run-state.js'
import type { RunEvent } from '../model/events.js'

type StepFailedEvent = Extract<RunEvent, { type: 'step.failed' }>

/**
 * Turns one invocation's outcome into events: its steps and logs, its children, then how the
 * attempt ended (completed, suspended on sleeps / children, or failed and maybe retried).
 */
export function applyOutcome(engine: RunHost, run: RunState, flight: InFlight, outcome: ExecutionOutcome): void {
  const rejected = rejectOutcomeTimes(outcome, run.id, engine.clock.now()) ?? rejectSpawns(engine, outcome.spawns)
  if (rejected) {
    // A wait past the time limit, a child of a task that does not exist, or with a payload its task rejects: fail the attempt, create none of them.
    outcome = { ...failedOutcome(rejected, engine.clock.now()), steps: outcome.steps.filter((s) => s.kind !== 'trigger'), logs: outcome.logs }
  }
  outcome = redirectKeyedSpawns(engine, outcome)
  const { attempt } = flight
  // A failure the invocation went on past is journaled; one that ended the attempt is not.
  const caught = outcome.status !== 'failed'
  for (const s of outcome.steps) {
    if (s.status === 'completed') {
      engine.append(run, { type: 'step.completed', runId: run.id, at: s.endedAt, attempt, key: s.key, name: s.name, kind: s.kind, result: s.result, startedAt: s.startedAt })
    } else {
      const failed: StepFailedEvent = { type: 'step.failed', runId: run.id, at: s.endedAt, attempt, key: s.key, name: s.name, kind: s.kind, error: s.error!, startedAt: s.startedAt }
      if (caught) failed.caught = true
      engine.append(run, failed)
    }
  }
  settleChildFailures(engine, run, flight, outcome.order, caught)
  for (const l of outcome.logs) {
    engine.append(run, l.data === undefined
      ? { type: 'log', runId: run.id, at: l.at, attempt, level: l.level, message: l.message }
      : { type: 'log', runId: run.id, at: l.at, attempt, level: l.level, message: l.message, data: l.data })
  }
  for (const spawn of outcome.spawns) spawnChild(engine, run, spawn)
  if (isTerminal(run.status)) return
  const now = engine.clock.now()
  if (outcome.status === 'completed') {
    abandon(engine, run, outcome.abandoned)
    engine.append(run, outcome.result === undefined ? { type: 'run.completed', runId: run.id, at: now } : { type: 'run.completed', runId: run.id, at: now, result: outcome.result })
  } else if (outcome.status === 'suspended') {
    suspend(engine, run, attempt, outcome)
  } else {
    failAttempt(engine, run, flight, outcome)
  }
}

/**
 * The children's failures this invocation replayed (its journal held them, and it reached
 * them): journaled for good if it went on past them, dropped if it failed, so that the retry
 * starts a new child instead of failing on the same one again.
 */
function settleChildFailures(engine: RunHost, run: RunState, flight: InFlight, order: readonly string[], caught: boolean): void {
  // Only a run that waited on a child can hold a child's failure: the others skip the walk.
  if (!run.stepIndex || !run.waitsOn) return
  const seen = flight.seen ?? Number.POSITIVE_INFINITY
  for (const key of order) {
    const step = run.stepIndex.get(key)
    if (step?.kind !== 'wait' || step.failure !== 'fresh' || (step.seq ?? 0) > seen) continue
    const failed: StepFailedEvent = { type: 'step.failed', runId: run.id, at: engine.clock.now(), attempt: flight.attempt, key, name: step.name, kind: 'wait', error: step.error!, startedAt: step.startedAt }
    if (caught) failed.caught = true
    engine.append(run, failed)
  }
}

/** Records what the run leaves behind as it ends: steps still executing, sleeps and child waits not over. */
function abandon(engine: RunHost, run: RunState, reported: readonly AbandonedStep[] | undefined): void {
  // A run that reports nothing left behind and has no steps (the common, trivial case) has nothing to abandon.
  if (!reported?.length && !run.steps) return
  const at = engine.clock.now()
  const keys = new Set<string>()
  for (const s of reported ?? []) {
    const step = run.stepIndex?.get(s.key)
    if (step && (step.status === 'completed' || step.status === 'abandoned')) continue
    keys.add(s.key)
    engine.append(run, { type: 'step.abandoned', runId: run.id, at, key: s.key, name: s.name, kind: s.kind })
  }
  for (const step of run.steps ?? []) {
    if ((step.status === 'sleeping' || step.status === 'waiting') && !keys.has(step.key)) {
      engine.append(run, { type: 'step.abandoned', runId: run.id, at, key: step.key, name: step.name, kind: step.kind })
    }
  }
}

/** Why the engine would refuse one of these children (checked before any is created), or undefined. */
function rejectSpawns(engine: RunHost, spawns: readonly SpawnRequest[]): unknown {
  for (const spawn of spawns) {
    if (engine.get(spawn.runId)) continue
    const task = engine.findTask(spawn.taskId)
    if (!task) return new UnknownTaskError(spawn.taskId, engine.taskIds())
    if (spawn.idempotencyKey !== undefined && (typeof spawn.idempotencyKey !== 'string' || spawn.idempotencyKey === '')) {
      return new ValidationError('INVALID_OPTION', `Failed to trigger task "${spawn.taskId}": idempotencyKey is ${JSON.stringify(spawn.idempotencyKey)}; expected a non-empty string.`)
    }
    try {
      checkPayload(task, spawn.payload)
    } catch (error) {
      return error
    }
  }
  return undefined
}

/**
 * A child whose idempotency key is live (from an earlier run, or an earlier request of this
 * invocation) is that run: no new child is made, and the parent's trigger step and wait point at it.
 */
function redirectKeyedSpawns(engine: RunHost, outcome: ExecutionOutcome): ExecutionOutcome {
  // Maps made only when a spawn carries a key: most outcomes spawn nothing.
  let to: Map<string, string> | undefined
  let firstOfKey: Map<string, string> | undefined
  for (const s of outcome.spawns) {
    if (s.idempotencyKey === undefined || engine.get(s.runId)) continue
    const k = `${s.taskId}\u0000${s.idempotencyKey}`
    const target = firstOfKey?.get(k) ?? engine.idempotentRun(s.taskId, s.idempotencyKey)?.id
    if (target !== undefined) (to ??= new Map()).set(s.runId, target)
    else (firstOfKey ??= new Map()).set(k, s.runId)
  }
  if (to === undefined) return outcome
  const redirect = to
  const id = (runId: string) => redirect.get(runId) ?? runId
  return {
    ...outcome,
    spawns: outcome.spawns.filter((s) => !redirect.has(s.runId)),
    waits: outcome.waits.map((w) => (w.kind === 'child' ? { ...w, childId: id(w.childId) } : w)),
    steps: outcome.steps.map((s) => (s.kind === 'trigger' && s.status === 'completed' ? { ...s, result: { id: id((s.result as { id: string }).id) } } : s)),
  }
}

function spawnChild(engine: RunHost, parent: RunState, spawn: SpawnRequest): void {
  if (engine.get(spawn.runId)) return
  engine.append(parent, { type: 'child.spawned', runId: parent.id, at: engine.clock.now(), key: spawn.key, childId: spawn.runId, taskId: spawn.taskId, via: spawn.via })
  engine.trigger(spawn.taskId, spawn.payload, spawn.idempotencyKey === undefined ? {} : { idempotencyKey: spawn.idempotencyKey }, {
    runId: spawn.runId,
    parentId: parent.id,
    spawnKey: spawn.key,
    ...(spawn.delayUntil === undefined ? {} : { delayUntil: spawn.delayUntil }),
  })
}

function suspend(engine: RunHost, run: RunState, attempt: number, outcome: ExecutionOutcome): void {
  let wakeNow = engine.resumeAfter.delete(run.id)
  for (const wait of outcome.waits) {
    const step = run.stepIndex?.get(wait.key)
    if (wait.kind === 'sleep') {
      if (step?.status !== 'sleeping') {
        const started: Extract<RunEvent, { type: 'sleep.started' }> = { type: 'sleep.started', runId: run.id, at: engine.clock.now(), key: wait.key, until: wait.until }
        if (wait.name !== undefined) started.name = wait.name
        engine.append(run, started)
      }
      engine.setRunTimer(run, `sleep:${wait.key}`, wait.until, () => {
        engine.append(run, { type: 'sleep.completed', runId: run.id, at: engine.clock.now(), key: wait.key })
        // A sleep an attempt left pending may wake while the run waits for its retry: it is
        // journaled, and the retry starts when its own timer says, not now.
        if (run.retryAt === undefined) engine.enqueue(run)
      })
    } else {
      if (step?.status !== 'waiting') engine.append(run, { type: 'child.waiting', runId: run.id, at: engine.clock.now(), key: wait.key, childId: wait.childId })
      const child = engine.get(wait.childId)
      if (child && isTerminal(child.status)) {
        engine.append(run, childEndedEvent(run.id, wait.key, child, engine.clock.now()))
        wakeNow = true
      } else if (child && child.parentId !== run.id) {
        // Not this run's child (an idempotency key named another run): its end does not reach us through parentId.
        engine.whenEnded(child.id, (ended) => {
          if (!isTerminal(run.status)) notifyParent(engine, run, ended)
        })
      }
    }
  }
  engine.append(run, { type: 'attempt.suspended', runId: run.id, at: engine.clock.now(), attempt })
  if (wakeNow) engine.enqueue(run)
}

function failAttempt(engine: RunHost, run: RunState, flight: InFlight, outcome: ExecutionOutcome): void {
  const error = outcome.error!
  const now = engine.clock.now()
  const { attempt, task } = flight
  if (error.retriable && attempt < task.retry.maxAttempts) {
    const retryAt = error.retryAt ?? now + (engine.skipRetryDelays ? 0 : backoffDelay(task.retry, attempt, engine.retryRandom(run.id, attempt)))
    engine.append(run, { type: 'attempt.failed', runId: run.id, at: now, attempt, error, retryAt })
    engine.setRunTimer(run, 'retry', retryAt, () => engine.enqueue(run))
    return
  }
  engine.append(run, { type: 'attempt.failed', runId: run.id, at: now, attempt, error, retryAt: null })
  abandon(engine, run, outcome.abandoned)
  const { retriable: _r, retryAt: _t, ...plain } = error
  engine.append(run, { type: 'run.failed', runId: run.id, at: now, error: plain })
}
