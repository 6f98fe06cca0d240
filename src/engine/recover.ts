import type { StoredKey, StoredState } from '../store/run-store.js'
import { childEndedEvent, notifyParent } from './children.js'
import type { RunHost } from './run-host.js'
import type { RunEvent } from '../model/events.js'
import { isTerminal } from '../model/run-record.js'
import { foldEvents, type RunState } from './run-state.js'

/** What `engine.recover()` rebuilt. */
export interface RecoveryReport {
  /** Runs read back. */
  runs: number
  /** Of those, runs not ended (re-armed or queued again). */
  active: number
  /** Runs whose attempt was in flight when the engine stopped: recorded as interrupted and dispatched again. */
  interrupted: string[]
  /** Crons re-armed from their marks. */
  crons: number
  /** Runs not ended whose task is not registered: left as they are until `rearmRuns` (when the task is back). */
  orphaned: string[]
  /** Runs whose stored log could not be folded (left out, reported). */
  unreadable: string[]
}

/** What recovery needs of the engine beyond its public surface. */
export interface RecoveryHost {
  /** Adds a rebuilt run (false if the engine has one with that id already). */
  adopt(run: RunState): boolean
  rememberKey(key: StoredKey): void
}

/** The error an interrupted attempt is recorded with (retriable, retried at once). */
export const INTERRUPTED = 'InterruptedError'

/**
 * Rebuilds runs from their stored event logs and re-arms what each waits for: a delay, a retry,
 * a sleep, a child, a free slot. Timers already past fire in the order they were due. An attempt
 * that was executing when the engine stopped has no outcome and never will: it is recorded as
 * failed with an `InterruptedError` and the run is dispatched again at once (it does not wait
 * for a backoff). So no run stays "running" with nothing behind it.
 */
export function recoverRuns(engine: RunHost, stored: StoredState, host: RecoveryHost): RecoveryReport {
  const now = engine.clock.now()
  const report: RecoveryReport = { runs: 0, active: 0, interrupted: [], crons: 0, orphaned: [], unreadable: [] }
  const live: RunState[] = []
  for (const events of stored.runs) {
    let run: RunState
    try {
      run = foldEvents(events)
    } catch {
      report.unreadable.push(events[0]?.runId ?? '?')
      continue
    }
    if (!host.adopt(run)) continue
    report.runs++
    if (!isTerminal(run.status)) live.push(run)
  }
  report.active = live.length
  for (const key of stored.keys) if (key.expiresAt > now && engine.get(key.runId)) host.rememberKey(key)
  report.crons = rearmCrons(engine, stored)

  const ready = live.filter((run) => {
    if (engine.findTask(run.taskId)) return true
    report.orphaned.push(run.id)
    return false
  })
  report.interrupted = rearm(engine, ready)
  return report
}

/**
 * Re-arms recovered runs (by id) whose task is registered now: what `recover()` left orphaned
 * because the task file or app was not loaded yet. Returns the ids re-armed.
 */
export function rearmRuns(engine: RunHost, runIds: readonly string[]): string[] {
  const runs: RunState[] = []
  for (const id of runIds) {
    const run = engine.get(id)
    if (run && !isTerminal(run.status) && engine.findTask(run.taskId)) runs.push(run)
  }
  rearm(engine, runs)
  return runs.map((r) => r.id)
}

/** Arms each run's timers (all of them in due order) or queues it; returns the interrupted ones. */
function rearm(engine: RunHost, runs: readonly RunState[]): string[] {
  const now = engine.clock.now()
  const interrupted: string[] = []
  const timers: { at: number; arm: () => void }[] = []
  for (const run of runs) {
    if (run.status === 'pending') {
      const at = run.attempt === 0 ? run.delayUntil : run.retryAt
      if (at === undefined) engine.enqueue(run)
      else timers.push({ at, arm: () => engine.setRunTimer(run, run.attempt === 0 ? 'delay' : 'retry', at, () => engine.enqueue(run)) })
    } else if (run.suspended) {
      rearmWaits(engine, run, timers)
    } else {
      interrupt(engine, run, now)
      interrupted.push(run.id)
    }
  }
  timers.sort((a, b) => a.at - b.at)
  for (const t of timers) t.arm()
  return interrupted
}

/** Created crons come back from the store; every cron catches up from its mark. */
function rearmCrons(engine: RunHost, stored: StoredState): number {
  let count = 0
  for (const cron of stored.crons) {
    try {
      engine.crons.upsert(cron, 'created', stored.cronMarks.get(cron.name))
      count++
    } catch {
      // A stored cron the current code rejects (e.g. a timezone this runtime lacks) stays out.
    }
  }
  for (const info of engine.crons.list()) {
    const mark = stored.cronMarks.get(info.name)
    if (mark === undefined || info.source === 'created') continue
    engine.crons.upsert({ name: info.name, cron: info.cron, timezone: info.timezone, taskId: info.taskId }, 'declared', mark)
    count++
  }
  return count
}

/** A suspended run: its sleeps get their timers back, its child waits their notifications. */
function rearmWaits(engine: RunHost, run: RunState, timers: { at: number; arm: () => void }[]): void {
  let woken = wokenSinceSuspended(run.events)
  for (const step of run.steps ?? []) {
    if (step.status === 'sleeping' && step.until !== undefined) {
      const key = step.key
      const until = step.until
      timers.push({
        at: until,
        arm: () =>
          engine.setRunTimer(run, `sleep:${key}`, until, () => {
            engine.append(run, { type: 'sleep.completed', runId: run.id, at: engine.clock.now(), key })
            engine.enqueue(run)
          }),
      })
    } else if (step.status === 'waiting' && step.childId !== undefined) {
      const child = engine.get(step.childId)
      if (!child) {
        const error = { name: 'RunNotFoundError', message: `Run "${step.childId}" no longer exists (it was removed from the store), so its end cannot be known.`, code: 'RUN_NOT_FOUND' }
        engine.append(run, { type: 'child.ended', runId: run.id, at: engine.clock.now(), key: step.key, childId: step.childId, status: 'failed', error })
        woken = true
      } else if (isTerminal(child.status)) {
        engine.append(run, childEndedEvent(run.id, step.key, child, engine.clock.now()))
        woken = true
      } else if (child.parentId !== run.id) {
        engine.whenEnded(child.id, (ended) => {
          if (!isTerminal(run.status)) notifyParent(engine, run, ended)
        })
      }
    }
  }
  if (woken) engine.enqueue(run)
}

/** True when a sleep or child ended after the run last suspended: it was due to resume. */
function wokenSinceSuspended(events: readonly RunEvent[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const type = events[i]!.type
    if (type === 'attempt.suspended') return false
    if (type === 'sleep.completed' || type === 'child.ended') return true
  }
  return false
}

function interrupt(engine: RunHost, run: RunState, now: number): void {
  const message = `Failed to finish attempt ${run.attempt} of run "${run.id}" (task "${run.taskId}"): the engine stopped while it was executing. It was dispatched again when the engine restarted; steps it completed after its last journaled step run again.`
  engine.append(run, { type: 'attempt.failed', runId: run.id, at: now, attempt: run.attempt, error: { name: INTERRUPTED, message, code: 'INTERRUPTED', retriable: true }, retryAt: now })
  engine.enqueue(run)
}
