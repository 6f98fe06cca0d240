import { randomUUID } from 'node:crypto'
import type { Pool, PoolClient } from 'pg'
import type { RunEvent } from '../../model/events.js'
import { BatchedWrites } from '../../store/batched-writes.js'
import type { CompactPolicy, RunStore, StoredState } from '../../store/run-store.js'
import { StoreError, storeClosed } from '../../store/store-errors.js'
import { compileBatch, opRun, type Firing, type Op } from './pg-batch.js'
import { deleteEnded, loadState, runEvents } from './pg-reads.js'
import { leaseEpoch, wasCommitted, writeBatch } from './pg-writes.js'

/**
 * The lease a store's writes are fenced by: every write transaction first checks that the row
 * `name` of `backlot_leases` still has `epoch`, so a leader that lost its lease cannot write.
 */
export interface PostgresFence {
  name: string
  epoch: number
}

export interface PostgresRunStoreOptions {
  /** Ends the pool on `close()` (true when the store made it). */
  ownsPool: boolean
  fence?: PostgresFence
}

/** Thrown inside a write transaction to roll it back; turned into a StoreError by the caller. */
class Refused extends Error {
  constructor(readonly storeError: StoreError) {
    super(storeError.message)
  }
}

/**
 * The production store: PostgreSQL through a `pg` pool, shared by replicas (one of which, the
 * lease holder, writes). Writes are batched like the SQLite store's: everything recorded in one
 * turn of the event loop is written in one transaction on the next, a few multi-row statements
 * in all, and `flush()` resolves after its commit. A failed write keeps the batch, in order,
 * for the next try; nothing here throws out of a timer or leaves a rejection unhandled, so a
 * database outage makes `flush()` reject, never the process crash.
 *
 * With `fence`, a write finding another epoch on the lease rolls back, rejects with
 * STORE_FENCED, and the store discards every later write: the new leader owns the runs now.
 *
 * @example
 * const store = await openPostgresRunStore({ connectionString: process.env.DATABASE_URL })
 * const engine = new Engine({ store, tasks })
 * await engine.recover()
 */
/** How long an answer by request id is kept (the platform API's own window, docs/protocol.md). */
export const REQUEST_TTL_MS = 600_000

export class PostgresRunStore extends BatchedWrites implements RunStore {
  private pending: Op[] = []
  private cycle: Promise<void> | undefined
  private readonly listeners = new Set<(events: readonly RunEvent[]) => void>()
  private closed = false
  private fencedBy: StoreError | undefined
  /** Writes (transactions of a batch) started and committed, counted from 1: what `flush()` waits on. */
  private writesStarted = 0
  private writesDone = 0
  private flushers: { target: number; resolve: () => void; reject: (error: unknown) => void }[] = []
  /** Runs of duplicate cron firings: their events are dropped (see `conflict`). */
  private readonly discarded = new Set<string>()
  /** A batch whose COMMIT got no answer (the connection died): it may be stored already. */
  private uncertain: { token: string; size: number } | undefined
  private readonly onPoolError = (): void => undefined // an idle connection died; the next query reconnects or fails with the reason

  constructor(
    private readonly pool: Pool,
    /** The database as shown in messages (its URL without the password). */
    readonly database: string,
    private readonly options: PostgresRunStoreOptions,
  ) {
    super()
    pool.on('error', this.onPoolError)
  }

  /** True once another replica took the lease: the store refuses every write from then on. */
  get fenced(): boolean {
    return this.fencedBy !== undefined
  }

  /**
   * Records the answer to a request by its id (`x-backlot-request-id`), committed with the next
   * batch: the one the request's own changes are in, when the answer is recorded in their turn.
   */
  rememberRequest(key: string, fingerprint: string, answer: string): void {
    this.push({ kind: 'request', key, fingerprint, answer }, 'record the answer to a request')
  }

  /** The answer recorded for a request id within `maxAgeMs`, or undefined. */
  async findRequest(key: string, maxAgeMs: number): Promise<{ fingerprint: string; answer: string } | undefined> {
    await this.settle()
    return this.read('read the answer to a request', async () => {
      const { rows } = await this.pool.query<{ fingerprint: string; answer: string }>(
        `SELECT fingerprint, answer FROM backlot_requests WHERE key = $1 AND at > now() - $2 * interval '1 millisecond'`,
        [key, maxAgeMs],
      )
      return rows[0]
    })
  }

  /**
   * Resolves once what was recorded before the call is committed: with the write in flight if
   * nothing is pending, else with the next write, which takes everything pending. It does not
   * wait for writes recorded later, so under a steady stream of new events an acknowledgement
   * is one or two commits away, never "when the store is idle".
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.reject(storeClosed('flush the run store'))
    if (this.fencedBy) return Promise.reject(this.fencedBy)
    if (this.pending.length === 0 && this.cycle === undefined) return Promise.resolve()
    const target = this.pending.length > 0 ? this.writesStarted + 1 : this.writesStarted
    if (target <= this.writesDone) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.flushers.push({ target, resolve, reject })
      void this.run().catch(() => undefined) // the flushers are told, by index, below
    })
  }

  async readRun(runId: string): Promise<readonly RunEvent[] | undefined> {
    await this.settle()
    const bodies = await this.read(`read run "${runId}"`, () => runEvents(this.pool, runId))
    return bodies.length === 0 ? undefined : bodies.map((b) => JSON.parse(b) as RunEvent)
  }

  subscribe(listener: (events: readonly RunEvent[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async load(): Promise<StoredState> {
    await this.settle()
    return this.read('load the stored runs', async () => {
      const conn = await this.connect()
      try {
        return await loadState(conn.client)
      } catch (error) {
        conn.discard()
        throw error
      } finally {
        conn.release()
      }
    })
  }

  async compact(policy: CompactPolicy): Promise<string[]> {
    if (this.closed) throw storeClosed('compact the run store')
    if (this.fencedBy) throw this.fencedBy
    await this.settle()
    return this.transaction('compact the run store', async (client) => {
      await client.query(`DELETE FROM backlot_requests WHERE at < now() - $1 * interval '1 millisecond'`, [REQUEST_TTL_MS])
      return deleteEnded(client, policy)
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    try {
      if (!this.fencedBy) await this.flush()
    } finally {
      this.closed = true
      this.listeners.clear()
      if (this.options.ownsPool) await this.pool.end().catch(() => undefined)
      this.pool.off('error', this.onPoolError)
    }
  }

  protected push(op: Op, what: string): void {
    if (this.closed) throw storeClosed(what)
    if (this.fencedBy) return // a fenced leader's late writes are discarded; flush() says why
    const runId = opRun(op)
    if (runId !== undefined && this.discarded.has(runId)) return
    this.pending.push(op)
    if (this.cycle === undefined) void this.run().catch(() => undefined) // the next turn writes; errors surface on flush()
  }

  /** Writes what is pending before a read, so a read sees this store's own writes. */
  private async settle(): Promise<void> {
    if (!this.closed && !this.fencedBy && (this.pending.length > 0 || this.cycle !== undefined)) await this.run()
  }

  /** One write cycle at a time: from the next turn, batches until nothing is pending. */
  private run(): Promise<void> {
    return (this.cycle ??= this.drain())
  }

  private async drain(): Promise<void> {
    try {
      await new Promise((resolve) => setImmediate(resolve)) // everything recorded in this turn joins the batch
      while (this.pending.length > 0) await this.writeOnce()
    } finally {
      this.cycle = undefined // in the same turn as the last check: a later push starts a new cycle
    }
  }

  /** Writes everything pending in one transaction, then tells subscribers. */
  private async writeOnce(): Promise<void> {
    const index = ++this.writesStarted
    try {
      await this.writeBatchOnce()
    } catch (error) {
      // A failed write fails every flush waiting: their changes are kept and retried, in order.
      for (const f of this.flushers.splice(0)) f.reject(error)
      throw error
    }
    this.writesDone = index
    if (this.flushers.length === 0) return
    const waiting = this.flushers
    this.flushers = []
    for (const f of waiting) {
      if (f.target <= index) f.resolve()
      else this.flushers.push(f)
    }
  }

  private async writeBatchOnce(): Promise<void> {
    let ops = this.pending
    this.pending = []
    const token = randomUUID()
    let committing = false
    let conn: Connection | undefined
    try {
      conn = await this.connect()
      const { client } = conn
      await client.query('BEGIN')
      await this.checkFence(client, ops.length)
      if (this.uncertain && (await wasCommitted(client, this.uncertain.token))) {
        const done = ops.slice(0, this.uncertain.size)
        ops = ops.slice(this.uncertain.size)
        this.uncertain = undefined
        this.tell(done)
      }
      const duplicates = await writeBatch(client, compileBatch(ops), token)
      if (duplicates.length > 0) throw new Refused(this.conflict(duplicates, ops))
      committing = true
      await client.query('COMMIT')
      this.uncertain = undefined
    } catch (error) {
      if (conn && !committing) await conn.rollback()
      conn?.discard()
      if (error instanceof Refused) {
        if (error.storeError.code === 'STORE_FENCED') {
          this.fencedBy = error.storeError
          this.pending = []
        } else this.pending = ops.filter((op) => !this.discarded.has(opRun(op) ?? '')).concat(this.pending)
        throw error.storeError
      }
      this.pending = ops.concat(this.pending) // kept in order for the next try: nothing is dropped
      if (committing) this.uncertain = { token, size: ops.length }
      throw new StoreError(
        'STORE_WRITE_FAILED',
        `Failed to write ${ops.length} change(s) to PostgreSQL: ${reason(error)}. Check that ${this.database} is reachable and accepts writes; the changes are kept in memory, in order, and written on the next try.`,
        { cause: error },
      )
    } finally {
      conn?.release()
    }
    this.tell(ops)
  }

  /** Rolls back (via Refused) unless this store's lease epoch is still the stored one. */
  private async checkFence(client: PoolClient, changes: number): Promise<void> {
    const fence = this.options.fence
    if (fence === undefined) return
    const epoch = await leaseEpoch(client, fence.name)
    if (epoch === fence.epoch) return
    const now = epoch === undefined ? `the lease "${fence.name}" is gone (this replica held epoch ${fence.epoch})` : `another replica holds the lease now (epoch ${epoch} > ${fence.epoch})`
    throw new Refused(
      new StoreError(
        'STORE_FENCED',
        `Failed to write ${changes} change(s) to PostgreSQL: ${now}. This replica stops acting; its unwritten changes are discarded and the lease holder carries on from what is stored. Stop this replica's engine (restarting it makes it a follower).`,
      ),
    )
  }

  /**
   * A cron firing stored already (by another replica, or before a restart): its run here is a
   * duplicate. The run's events are dropped, now and later; the rest of the batch is written
   * on the next try.
   */
  private conflict(duplicates: readonly Firing[], ops: readonly Op[]): StoreError {
    for (const d of duplicates) this.discarded.add(d.runId)
    const first = duplicates[0]!
    return new StoreError(
      'STORE_CONFLICT',
      `Failed to write ${ops.length} change(s) to PostgreSQL: cron "${first.cron}" already fired for ${new Date(first.scheduledAt).toISOString()}, so run "${first.runId}"${duplicates.length > 1 ? ` (and ${duplicates.length - 1} more)` : ''} is a duplicate. Its events are discarded and the rest is written on the next try; make sure one replica only (the lease holder) fires crons.`,
    )
  }

  /** Runs `work` in a fenced transaction; errors become typed StoreErrors. */
  private async transaction<T>(action: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    let conn: Connection | undefined
    try {
      conn = await this.connect()
      await conn.client.query('BEGIN')
      await this.checkFence(conn.client, 0)
      const result = await work(conn.client)
      await conn.client.query('COMMIT')
      return result
    } catch (error) {
      await conn?.rollback()
      conn?.discard()
      if (error instanceof Refused) {
        if (error.storeError.code === 'STORE_FENCED') this.fencedBy = error.storeError
        throw error.storeError
      }
      throw new StoreError('STORE_WRITE_FAILED', `Failed to ${action} in PostgreSQL: ${reason(error)}. Check that ${this.database} is reachable and accepts writes, then try again.`, { cause: error })
    } finally {
      conn?.release()
    }
  }

  /** Runs a read; a closed store or a failed query is a typed error. */
  private async read<T>(action: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw storeClosed(action)
    try {
      return await work()
    } catch (error) {
      throw new StoreError('STORE_READ_FAILED', `Failed to ${action} from PostgreSQL: ${reason(error)}. Check that ${this.database} is reachable, then try again.`, { cause: error })
    }
  }

  private tell(ops: readonly Op[]): void {
    if (this.listeners.size === 0) return
    const events = ops.flatMap((op) => (op.kind === 'event' ? [op.event] : []))
    if (events.length > 0) for (const listener of this.listeners) listener(events)
  }

  private async connect(): Promise<Connection> {
    return new Connection(await this.pool.connect())
  }
}

/** A checked-out client that cannot crash the process: a connection lost between queries fails the next one instead. */
class Connection {
  private broken = false
  private readonly onError = (): void => {
    this.broken = true
  }

  constructor(readonly client: PoolClient) {
    client.on('error', this.onError)
  }

  /** After a failure: the connection may be half dead, so it is not reused. */
  discard(): void {
    this.broken = true
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => {
      this.broken = true
    })
  }

  /** Returns the client to the pool, or destroys it if its connection failed. */
  release(): void {
    this.client.off('error', this.onError)
    this.client.release(this.broken)
  }
}

function reason(error: unknown): string {
  const message = (error as Error)?.message ?? String(error)
  return message.replace(/\.$/, '') || String((error as { code?: string })?.code ?? 'unknown error')
}
