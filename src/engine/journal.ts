import type { JournalStep } from '../runner/types.js'
import type { RunState, StepState } from './run-state.js'

/**
 * The journal the runner replays: every step that has completed, every failure an invocation
 * went on past (or a child's failure not yet seen), and every sleep or child wait not yet over,
 * each with its place in completion order.
 */
export function journalOf(state: RunState): JournalStep[] {
  if (!state.steps) return []
  const out: JournalStep[] = []
  for (const s of state.steps) {
    const entry = journalEntry(s)
    if (entry) out.push(entry)
  }
  return out
}

function journalEntry(s: StepState): JournalStep | undefined {
  if (s.status === 'abandoned') return undefined
  const seq = s.seq === undefined ? {} : { seq: s.seq }
  if (s.kind === 'trigger') return { key: s.key, kind: 'trigger', status: 'completed', result: s.result }
  if (s.status === 'failed') {
    if (s.failure === 'dropped' || s.failure === undefined) return undefined
    return s.kind === 'wait' ? { key: s.key, kind: 'wait', status: 'failed', error: s.error, childId: s.childId, ...seq } : { key: s.key, kind: s.kind, status: 'failed', error: s.error, ...seq }
  }
  if (s.kind === 'run') return s.status === 'completed' ? { key: s.key, kind: 'run', status: 'completed', result: s.result, ...seq } : undefined
  if (s.kind === 'sleep') return s.status === 'completed' ? { key: s.key, kind: 'sleep', status: 'completed', until: s.until, ...seq } : { key: s.key, kind: 'sleep', status: 'waiting', until: s.until }
  if (s.status === 'completed') return { key: s.key, kind: 'wait', status: 'completed', result: s.result, childId: s.childId, ...seq }
  return { key: s.key, kind: 'wait', status: 'waiting', childId: s.childId }
}
