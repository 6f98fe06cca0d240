import type { RunRecord } from '../src/model/run-record.js'
import { toRunRecord } from '../src/engine/to-record.js'
import { findRun, findRunState, isRunRecord } from './run-ref.js'
import { formatTimeline } from './timeline.js'

/** What a matcher sees of its subject: the record, the children it can resolve, and a timeline to print. */
export interface RunView {
  record: RunRecord
  /** Child runs with their task and payload (payload undefined when the child cannot be found). */
  children: { id: string; taskId: string; payload: unknown }[]
  timeline: string
}

/**
 * Resolves a matcher's subject: a TestRun or any handle with an `id`, a run id (looked up in
 * the live test engines), a RunRecord, or a RunState. Undefined when it names no known run.
 */
export function viewOf(subject: unknown): RunView | undefined {
  const found = findRun(subject)
  if (found) {
    const { state, source } = found
    const children: RunView['children'] = []
    for (const e of state.events) {
      if (e.type !== 'child.spawned') continue
      const child = source?.get(e.childId) ?? findRunState(e.childId)
      children.push({ id: e.childId, taskId: e.taskId, payload: child?.payload })
    }
    const header = `Timeline of ${state.id} (task "${state.taskId}", ${state.status}):`
    return { record: toRunRecord(state), children, timeline: `${header}\n${formatTimeline(state.events)}` }
  }
  if (isRunRecord(subject)) {
    return {
      record: subject,
      children: [],
      timeline: `  (no event log: this RunRecord of ${subject.id} belongs to no live test engine; pass the handle or the run id while the engine is open)`,
    }
  }
  return undefined
}
