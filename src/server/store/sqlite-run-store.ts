import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { RunEvent } from '../../model/events.js'
import { BatchedWrites, type StoreOp } from '../../store/batched-writes.js'
import { isEndEvent } from '../../store/ended-index.js'
import { groupByRun } from '../../store/group-by-run.js'
import type { CompactPolicy, RunStore, StoredState } from '../../store/run-store.js'
import { StoreError, storeClosed } from '../../store/store-errors.js'
import { migrate } from './sqlite-schema.js'
import { SqliteStatements } from './sqlite-statements.js'

type Op = StoreOp

/** The file a data directory keeps its runs in. */
export const DATA_FILE = 'backlot.db'

/**
 * The dev server's crash-consistent store: one SQLite file in WAL mode with `synchronous=FULL`.
 * Writes are batched: everything recorded in one turn of the event loop is committed in one
 * transaction (one fsync) on the next, and `flush()` resolves after that commit. A process
 * killed at any point leaves the last committed batch; SQLite's WAL checksums discard a torn
 * last write. The file is locked to this process (a second server on it is refused).
 *
 * @example
 * const store = openSqliteRunStore('.backlot')
 * const engine = new Engine({ store, tasks })
 * await engine.recover()
 */
export class SqliteRunStore extends BatchedWrites implements RunStore {
  private readonly sql: SqliteStatements
  private pending: Op[] = []
  private scheduled: Promise<void> | undefined
  private readonly listeners = new Set<(events: readonly RunEvent[]) => void>()
  private lastAt: number | undefined
  private closed = false

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    super()
    this.sql = new SqliteStatements(db)
    this.lastAt = this.sql.lastAt()
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.reject(storeClosed('flush the run store'))
    if (this.pending.length === 0) return Promise.resolve()
    return (this.scheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.scheduled = undefined
        try {
          this.writeNow()
          resolve()
        } catch (error) {
          reject(error)
        }
      })
    }))
  }

  async readRun(runId: string): Promise<readonly RunEvent[] | undefined> {
    this.writeNow()
    const bodies = this.sql.runEvents(runId)
    return bodies.length === 0 ? undefined : bodies.map((b) => JSON.parse(b) as RunEvent)
  }

  subscribe(listener: (events: readonly RunEvent[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Runs are read lazily, one run's events at a time, so a restart on 100,000 runs never holds
   * every event twice. Iterate them before writing again (the engine's `recover()` does).
   */
  async load(): Promise<StoredState> {
    this.writeNow()
    return { runs: groupByRun(this.sql.allEvents()), crons: this.sql.crons(), keys: this.sql.keys(), cronMarks: this.sql.marks(), lastAt: this.lastAt }
  }

  async compact(policy: CompactPolicy): Promise<string[]> {
    if (this.closed) throw storeClosed('compact the run store')
    this.writeNow()
    return this.db.transaction(() => this.sql.deleteEnded(policy)).immediate()
  }

  async close(): Promise<void> {
    if (this.closed) return
    try {
      this.writeNow()
    } finally {
      this.closed = true
      this.listeners.clear()
      this.db.close()
    }
  }

  protected push(op: Op, what: string): void {
    if (this.closed) throw storeClosed(what)
    this.pending.push(op)
    if (this.scheduled === undefined) void this.flush().catch(() => undefined) // the next turn commits; errors surface on flush()
  }

  /** Commits everything pending in one transaction (one fsync), then tells subscribers. */
  private writeNow(): void {
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    let lastAt = this.lastAt
    try {
      this.db.transaction(() => {
        for (const op of batch) {
          if (op.kind === 'event') {
            const e = op.event
            lastAt = lastAt === undefined || e.at > lastAt ? e.at : lastAt
            this.sql.writeEvent(e, isEndEvent(e))
          } else if (op.kind === 'key') this.sql.writeKey(op.key)
          else if (op.kind === 'cron') this.sql.writeCron(op.cron)
          else if (op.kind === 'delete-cron') this.sql.deleteCron(op.name)
          else this.sql.writeMark(op.name, op.at)
        }
        if (lastAt !== undefined) this.sql.writeLastAt(lastAt)
      }).immediate()
    } catch (error) {
      this.pending = batch.concat(this.pending) // kept in order for the next try: nothing is dropped
      throw new StoreError('STORE_WRITE_FAILED', `Failed to write ${batch.length} change(s) to ${this.file}: ${(error as Error)?.message ?? error}. Free disk space or fix the directory's permissions; the changes are kept in memory and written on the next try.`, { cause: error })
    }
    this.lastAt = lastAt
    if (this.listeners.size === 0) return
    const events = batch.flatMap((op) => (op.kind === 'event' ? [op.event] : []))
    if (events.length > 0) for (const listener of this.listeners) listener(events)
  }
}

/**
 * Opens (creating if needed) the store in a data directory, migrating its format forward.
 * Throws a StoreError naming the fix when the directory is locked, too new or not a database.
 *
 * @example
 * const store = openSqliteRunStore('.backlot')
 * const engine = new Engine({ store, tasks: [sendEmail] })
 * await engine.recover()
 * // ...
 * engine.dispose()
 * await store.close()
 */
export function openSqliteRunStore(dir: string): SqliteRunStore {
  const file = path.join(dir, DATA_FILE)
  let db: Database.Database | undefined
  try {
    fs.mkdirSync(dir, { recursive: true })
    db = new Database(file, { timeout: 0 })
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    migrate(db, file)
    db.prepare('BEGIN IMMEDIATE').run() // takes the exclusive lock now, not at the first write
    db.prepare('COMMIT').run()
    return new SqliteRunStore(db, file)
  } catch (error) {
    db?.close()
    throw openError(error, file)
  }
}

function openError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error
  const code = (error as { code?: string })?.code
  const reason = (error as Error)?.message ?? String(error)
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError('STORE_LOCKED', `Failed to open ${file}: another process (a second backlot dev?) is using it. Stop that process, or pass another --data directory.`, { cause: error })
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('STORE_CORRUPT', `Failed to open ${file}: ${reason}. Move the file aside (it is left untouched) and start again, or pass another --data directory.`, { cause: error })
  }
  return new StoreError('STORE_OPEN_FAILED', `Failed to open ${file}: ${reason}. Check that the data directory is writable, or pass another --data directory.`, { cause: error })
}
