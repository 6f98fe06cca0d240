import type { RunEvent } from '../model/events.js'
import type { RunFilter } from '../transport/transport.js'
import type { RunStore } from '../store/run-store.js'
import { applyEvent, type RunState } from './run-state.js'
import type { ReadonlyRun } from './run-types.js'
import { StatusIndex } from './status-index.js'

/** Told of every event appended, with the run after it: a read-only view, as of now. */
export type RunListener = (event: RunEvent, run: ReadonlyRun) => void

/**
 * The engine's runs in memory: each run's state (the fold of its event log), indexed by id and
 * by status, with the log's write-through to a `RunStore`, its subscribers, and who waits for a
 * run to end. Appending an event is the one way a run changes.
 */
export class RunTable {
  private readonly runs = new Map<string, RunState>()
  private readonly byStatus = new StatusIndex()
  private readonly waiters = new Map<string, ((run: RunState) => void)[]>()
  private readonly listeners = new Set<RunListener>()

  constructor(private readonly store: RunStore | undefined) {}

  get(runId: string): RunState | undefined {
    return this.runs.get(runId)
  }

  has(runId: string): boolean {
    return this.runs.has(runId)
  }

  values(): IterableIterator<RunState> {
    return this.runs.values()
  }

  /** Adds a new run, made from its `run.triggered` event, and records that event. */
  create(run: RunState, triggered: RunEvent): void {
    this.add(run)
    this.emit(triggered, run)
  }

  /** Adds a run rebuilt from a store (its events are recorded already). False if the id is taken. */
  adopt(run: RunState): boolean {
    if (this.runs.has(run.id)) return false
    this.add(run)
    return true
  }

  /** Folds an event into its run, records it, and tells subscribers. */
  append(run: RunState, event: RunEvent): void {
    const from = run.status
    applyEvent(run, event)
    if (run.status !== from) this.byStatus.moved(run, from)
    this.emit(event, run)
  }

  /** Runs matching the filter, in creation order, at most `limit` (a status filter reads only its runs). */
  list(filter: RunFilter = {}): RunState[] {
    const statuses = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status]
    const out: RunState[] = []
    for (const run of statuses ? this.byStatus.runs(statuses) : this.runs.values()) {
      if (filter.taskId !== undefined && run.taskId !== filter.taskId) continue
      if (statuses && !statuses.includes(run.status)) continue
      if (filter.parentId !== undefined && run.parentId !== filter.parentId) continue
      out.push(run)
      if (filter.limit !== undefined && out.length >= filter.limit) break
    }
    return out
  }

  /** Calls `fn` when the run ends (see `ended`). */
  whenEnded(runId: string, fn: (run: RunState) => void): void {
    const list = this.waiters.get(runId)
    if (list) list.push(fn)
    else this.waiters.set(runId, [fn])
  }

  /** Wakes whoever waits for the run to end. */
  ended(run: RunState): void {
    const waiters = this.waiters.get(run.id)
    if (!waiters) return
    this.waiters.delete(run.id)
    for (const resolve of waiters) resolve(run)
  }

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Drops a run from memory (retention, compaction). */
  forget(run: RunState): void {
    this.runs.delete(run.id)
    this.byStatus.forget(run)
  }

  /** Forgets every waiter and subscriber (the engine is disposed); the runs stay readable. */
  close(): void {
    this.waiters.clear()
    this.listeners.clear()
  }

  private add(run: RunState): void {
    this.runs.set(run.id, run)
    this.byStatus.add(run)
  }

  private emit(event: RunEvent, run: RunState): void {
    if (this.store) this.store.append(event)
    for (const listener of this.listeners) listener(event, run)
  }
}
