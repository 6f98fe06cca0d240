import type { CronInput } from '../model/cron-types.js'
import type { RunEvent } from '../model/events.js'
import { EndedIndex } from './ended-index.js'
import type { CompactPolicy, RunStore, StoredKey, StoredState } from './run-store.js'
import { storeClosed } from './store-errors.js'

/**
 * A `RunStore` in memory: what a restart within one process sees (tests of recovery on the
 * virtual clock), and the reference the store contract suite holds other stores to. An engine
 * given no store keeps runs in its own memory only and pays nothing for this.
 * Events are kept by reference and must not be changed after they are appended.
 *
 * @example
 * const store = new MemoryRunStore()
 * const first = new Engine({ store, clock })
 * first.trigger(task, payload); first.dispose()
 * const second = new Engine({ store, clock, tasks: [task] }); await second.recover()
 */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunEvent[]>()
  private readonly crons = new Map<string, CronInput>()
  private readonly keys = new Map<string, StoredKey>()
  private readonly marks = new Map<string, number>()
  private readonly ended = new EndedIndex()
  private readonly listeners = new Set<(events: readonly RunEvent[]) => void>()
  private lastAt: number | undefined
  private closed = false

  append(event: RunEvent): void {
    if (this.closed) throw storeClosed(`record an event of run "${event.runId}"`)
    const log = this.runs.get(event.runId)
    if (log) log.push(event)
    else this.runs.set(event.runId, [event])
    if (event.type === 'run.triggered' && event.cron !== undefined && event.scheduledAt !== undefined) {
      this.marks.set(event.cron, Math.max(event.scheduledAt, this.marks.get(event.cron) ?? -Infinity))
    }
    this.ended.note(event)
    this.lastAt = this.lastAt === undefined ? event.at : Math.max(this.lastAt, event.at)
    for (const listener of this.listeners) listener([event])
  }

  rememberKey(key: StoredKey): void {
    if (this.closed) throw storeClosed('record an idempotency key')
    this.keys.set(`${key.taskId}\u0000${key.key}`, { ...key })
  }

  putCron(cron: CronInput): void {
    if (this.closed) throw storeClosed(`record cron "${cron.name}"`)
    this.crons.set(cron.name, { ...cron })
  }

  deleteCron(name: string): void {
    if (this.closed) throw storeClosed(`delete cron "${name}"`)
    this.crons.delete(name)
    this.marks.delete(name)
  }

  markCron(name: string, at: number): void {
    if (this.closed) throw storeClosed(`record cron "${name}"`)
    if (!this.marks.has(name)) this.marks.set(name, at)
  }

  flush(): Promise<void> {
    return this.closed ? Promise.reject(storeClosed('flush the run store')) : Promise.resolve()
  }

  async readRun(runId: string): Promise<readonly RunEvent[] | undefined> {
    return this.runs.get(runId)
  }

  subscribe(listener: (events: readonly RunEvent[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async load(): Promise<StoredState> {
    const keys = [...this.keys.values()].filter((k) => this.runs.has(k.runId)).map((k) => ({ ...k }))
    return { runs: [...this.runs.values()].map((log) => [...log]), crons: [...this.crons.values()].map((c) => ({ ...c })), keys, cronMarks: new Map(this.marks), lastAt: this.lastAt }
  }

  async compact(policy: CompactPolicy): Promise<string[]> {
    const gone = this.ended.expire(policy)
    for (const id of gone) this.runs.delete(id)
    for (const [k, key] of this.keys) if (!this.runs.has(key.runId)) this.keys.delete(k)
    return gone
  }

  async close(): Promise<void> {
    this.closed = true
    this.listeners.clear()
  }
}
