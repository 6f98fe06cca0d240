import type { CronInput } from '../../model/cron-types.js'
import type { RunEvent } from '../../model/events.js'
import type { StoreOp } from '../../store/batched-writes.js'
import { isEndEvent } from '../../store/ended-index.js'
import type { StoredKey } from '../../store/run-store.js'

/** One change recorded by the store, in the order the engine made it. */
export type Op =
  | StoreOp
  | { kind: 'request'; key: string; fingerprint: string; answer: string }

/** A cron firing: at most one run per cron and scheduled time. */
export interface Firing {
  cron: string
  scheduledAt: number
  runId: string
}

/**
 * A cron mark after a batch, on a stored value v: `max(v ?? ifAbsent, raise)`, where v is
 * absent after a `reset` (the cron was deleted in the batch).
 */
interface MarkPlan {
  reset: boolean
  ifAbsent?: number
  raise?: number
}

/**
 * A batch of ops as column arrays, one multi-row statement per table (pg-writes.ts): the same
 * final state as applying the ops one by one, in a constant number of round trips.
 */
export interface Batch {
  events: RunEvent[]
  /** Bodies as the engine wrote them, in append order. */
  eventRuns: string[]
  eventBodies: string[]
  runs: { runIds: string[]; taskIds: string[]; createdAts: number[] }
  ends: { runIds: string[]; ats: number[] }
  firings: Firing[]
  keys: { taskIds: string[]; keys: string[]; runIds: string[]; expiresAts: number[] }
  cronDeletes: string[]
  cronPuts: { names: string[]; bodies: string[] }
  markResets: string[]
  /** Marks to insert where none is stored (`at` = what an absent mark becomes). */
  markInserts: { names: string[]; ats: number[] }
  /** Marks to raise to at least `at`. */
  markRaises: { names: string[]; ats: number[] }
  /** Answers by request id (the first one kept: a retry never replaces an answer). */
  requests: { keys: string[]; fingerprints: string[]; answers: string[] }
  lastAt: number | undefined
}

/** Compiles ops (in the order recorded) into a Batch. */
export function compileBatch(ops: readonly Op[]): Batch {
  const batch: Batch = {
    events: [],
    eventRuns: [],
    eventBodies: [],
    runs: { runIds: [], taskIds: [], createdAts: [] },
    ends: { runIds: [], ats: [] },
    firings: [],
    keys: { taskIds: [], keys: [], runIds: [], expiresAts: [] },
    cronDeletes: [],
    cronPuts: { names: [], bodies: [] },
    markResets: [],
    markInserts: { names: [], ats: [] },
    markRaises: { names: [], ats: [] },
    requests: { keys: [], fingerprints: [], answers: [] },
    lastAt: undefined,
  }
  const ends = new Map<string, number>()
  const keys = new Map<string, StoredKey>() // the last write of a key wins
  const cronDeletes = new Set<string>()
  const cronPuts = new Map<string, CronInput>()
  const marks = new Map<string, MarkPlan>()
  const plan = (name: string): MarkPlan => marks.get(name) ?? (marks.set(name, { reset: false }).get(name) as MarkPlan)
  for (const op of ops) {
    if (op.kind === 'event') {
      const e = op.event
      batch.events.push(e)
      batch.eventRuns.push(e.runId)
      batch.eventBodies.push(JSON.stringify(e))
      batch.lastAt = batch.lastAt === undefined || e.at > batch.lastAt ? e.at : batch.lastAt
      if (e.type === 'run.triggered') {
        batch.runs.runIds.push(e.runId)
        batch.runs.taskIds.push(e.taskId)
        batch.runs.createdAts.push(e.at)
        if (e.cron !== undefined && e.scheduledAt !== undefined) {
          batch.firings.push({ cron: e.cron, scheduledAt: e.scheduledAt, runId: e.runId })
          const p = plan(e.cron)
          p.raise = Math.max(p.raise ?? -Infinity, e.scheduledAt)
        }
      } else if (isEndEvent(e)) ends.set(e.runId, e.at)
    } else if (op.kind === 'key') keys.set(`${op.key.taskId}\u0000${op.key.key}`, op.key)
    else if (op.kind === 'cron') cronPuts.set(op.cron.name, op.cron)
    else if (op.kind === 'request') {
      batch.requests.keys.push(op.key)
      batch.requests.fingerprints.push(op.fingerprint)
      batch.requests.answers.push(op.answer)
    }
    else if (op.kind === 'delete-cron') {
      cronPuts.delete(op.name)
      cronDeletes.add(op.name)
      marks.set(op.name, { reset: true })
    } else {
      // A mark is set once: a no-op when one is known to exist by now.
      const p = plan(op.name)
      if (p.ifAbsent === undefined && p.raise === undefined) p.ifAbsent = op.at
    }
  }
  for (const [runId, at] of ends) {
    batch.ends.runIds.push(runId)
    batch.ends.ats.push(at)
  }
  for (const k of keys.values()) {
    batch.keys.taskIds.push(k.taskId)
    batch.keys.keys.push(k.key)
    batch.keys.runIds.push(k.runId)
    batch.keys.expiresAts.push(k.expiresAt)
  }
  batch.cronDeletes = [...cronDeletes]
  for (const [name, cron] of cronPuts) {
    batch.cronPuts.names.push(name)
    batch.cronPuts.bodies.push(JSON.stringify(cron))
  }
  for (const [name, p] of marks) {
    if (p.reset) batch.markResets.push(name)
    const initial = Math.max(p.ifAbsent ?? -Infinity, p.raise ?? -Infinity)
    if (initial !== -Infinity) {
      batch.markInserts.names.push(name)
      batch.markInserts.ats.push(initial)
    }
    if (p.raise !== undefined && !p.reset) {
      batch.markRaises.names.push(name)
      batch.markRaises.ats.push(p.raise)
    }
  }
  return batch
}

/** The run an op belongs to, if any (a duplicate firing's run is dropped with all of its ops). */
export function opRun(op: Op): string | undefined {
  return op.kind === 'event' ? op.event.runId : op.kind === 'key' ? op.key.runId : undefined
}
