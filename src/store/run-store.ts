import type { CronInput } from '../model/cron-types.js'
import type { RunEvent } from '../model/events.js'

/** An idempotency key as stored: the run it points to until it expires. */
export interface StoredKey {
  taskId: string
  key: string
  runId: string
  /** Epoch ms on the engine's clock. */
  expiresAt: number
}

/** Everything a store holds, as the engine reads it on boot to rebuild its runs, timers and queue. */
export interface StoredState {
  /** Each run's event log (starting with `run.triggered`), oldest run first. */
  runs: Iterable<readonly RunEvent[]>
  /** Crons made with `createCron` (declared crons come back from code). */
  crons: CronInput[]
  /** Idempotency keys of stored runs (the engine skips expired ones). */
  keys: StoredKey[]
  /** Per cron name, the time up to which its firings are accounted for (epoch ms): see `markCron`. */
  cronMarks: Map<string, number>
  /** The latest engine time recorded (an event's `at`), or undefined for an empty store. */
  lastAt: number | undefined
}

/** Which ended runs `compact` removes. */
export interface CompactPolicy {
  /** Runs that ended before this time (epoch ms, engine clock) are removed. */
  endedBefore: number
  /** At most this many ended runs are kept (the most recently ended). */
  maxEnded: number
}

/**
 * Where the engine keeps runs beyond its own memory: every event appended to a run's log,
 * created crons, the last firing of each cron, and idempotency keys. Run state, timers and the
 * queue are folds of these, so a store holds nothing else; on boot the engine reads them back
 * (`load`) and re-arms (src/engine/recover.ts).
 *
 * The write methods are synchronous and cheap (the engine calls `append` for every event):
 * a store may batch them, and everything written is durable once `flush()` resolves. Whoever
 * acknowledges a change to a client (the platform API) awaits `flush()` first. Reads are
 * asynchronous, so a store may live across a network (PostgreSQL).
 *
 * @example
 * const store = new MemoryRunStore()
 * const engine = new Engine({ store })
 * await engine.recover()
 * engine.trigger(sendEmail, { to: 'a@b.c' })
 * await store.flush()
 */
export interface RunStore {
  /** Records an event appended to a run's log (in append order per run). */
  append(event: RunEvent): void
  /** Records (or replaces) an idempotency key. */
  rememberKey(key: StoredKey): void
  /** Records a created cron, replacing one of the same name. */
  putCron(cron: CronInput): void
  /** Removes a created cron and its mark. */
  deleteCron(name: string): void
  /**
   * Notes that a cron's firings up to `at` are accounted for, unless a mark exists already (a
   * restarted engine catches up from the stored mark, not from the time it re-armed). A
   * `run.triggered` event of a cron firing moves the mark to its `scheduledAt`.
   */
  markCron(name: string, at: number): void
  /** Resolves once everything recorded so far is durable; rejects with a typed error if writing failed. */
  flush(): Promise<void>
  /** A run's events, or undefined if the store holds no such run. */
  readRun(runId: string): Promise<readonly RunEvent[] | undefined>
  /** Calls `listener` with each batch of events once durable, in append order. Returns an unsubscribe. */
  subscribe(listener: (events: readonly RunEvent[]) => void): () => void
  /** Everything stored: what a restarted engine rebuilds from. */
  load(): Promise<StoredState>
  /** Removes ended runs past the policy and their events; returns their ids. Runs not ended are never removed. */
  compact(policy: CompactPolicy): Promise<string[]>
  /** Flushes and releases the store. Further writes are refused. */
  close(): Promise<void>
}
