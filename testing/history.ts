import type { RunEvent } from '../src/model/events.js'
import { TestKitError } from './errors.js'

/**
 * A run's event log as a portable JSON document: what `engine.history(run)` exports and
 * `replay(task, history)` re-executes the handler against.
 *
 * @example
 * const history: RunHistory = engine.history(run)
 * expect(history.events[0]?.type).toBe('run.triggered')
 */
export interface RunHistory {
  format: 'backlot.history'
  version: 1
  runId: string
  taskId: string
  events: RunEvent[]
  /**
   * The step keys the last invocation reached, in order (a test engine records them). Without
   * it, replay derives the order from the events, where steps run in parallel may appear in
   * completion order instead.
   */
  order?: string[]
}

/**
 * Builds a history from a run's events (and, when known, its last invocation's step order).
 *
 * @example
 * const history = toHistory(engine.events(run))
 * writeFileSync('checkout.history.json', JSON.stringify(history, null, 2))
 */
export function toHistory(events: readonly RunEvent[], order?: readonly string[]): RunHistory {
  const first = events[0]
  if (!first || first.type !== 'run.triggered') {
    throw new TestKitError('INVALID_HISTORY', 'Failed to build a history: the event log does not start with run.triggered. Pass the full event log of one run (engine.events(run)).')
  }
  const history: RunHistory = { format: 'backlot.history', version: 1, runId: first.runId, taskId: first.taskId, events: structuredClone([...events]) }
  if (order) history.order = [...order]
  return history
}

/**
 * Reads a history from JSON text, a parsed object, or a bare event array, and checks its shape.
 *
 * @example
 * const history = parseHistory(readFileSync('checkout.history.json', 'utf8'))
 */
export function parseHistory(input: string | RunHistory | readonly RunEvent[]): RunHistory {
  let value: unknown = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (error) {
      throw new TestKitError('INVALID_HISTORY', `Failed to read the history: it is not valid JSON (${(error as Error).message}). Pass the text engine.exportHistory(run) produced.`)
    }
  }
  if (Array.isArray(value)) return toHistory(value as RunEvent[])
  const h = value as Partial<RunHistory> | null
  if (typeof h !== 'object' || h === null || h.format !== 'backlot.history' || !Array.isArray(h.events)) {
    throw new TestKitError('INVALID_HISTORY', 'Failed to read the history: expected an object with format "backlot.history" and an events array. Pass what engine.history(run) or engine.exportHistory(run) produced.')
  }
  if (h.version !== 1) {
    throw new TestKitError('INVALID_HISTORY', `Failed to read the history: version ${JSON.stringify(h.version)} is not supported (this kit reads version 1). Export it again with this version of backlot.`)
  }
  const history = toHistory(h.events, h.order)
  if (h.runId !== history.runId || h.taskId !== history.taskId) {
    throw new TestKitError('INVALID_HISTORY', `Failed to read the history: its runId/taskId (${h.runId}, ${h.taskId}) do not match its first event (${history.runId}, ${history.taskId}). Do not edit an exported history by hand.`)
  }
  return history
}

/** The step keys a history's events mention, in the order they first appear. */
export function orderFromEvents(events: readonly RunEvent[]): string[] {
  const seen = new Set<string>()
  for (const e of events) {
    if (e.type === 'step.completed' || e.type === 'step.failed' || e.type === 'step.abandoned' || e.type === 'sleep.started' || e.type === 'child.spawned' || e.type === 'child.waiting' || e.type === 'child.ended') {
      seen.add(e.key)
    }
  }
  return [...seen]
}
