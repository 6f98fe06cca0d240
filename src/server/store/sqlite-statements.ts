import type Database from 'better-sqlite3'
import type { CronInput } from '../../model/cron-types.js'
import type { RunEvent } from '../../model/events.js'
import type { CompactPolicy, StoredKey } from '../../store/run-store.js'

/** The prepared statements of the SQLite store (sqlite-schema.ts has the tables). */
export class SqliteStatements {
  private readonly insertEvent: Database.Statement
  private readonly insertRun: Database.Statement
  private readonly endRun: Database.Statement
  private readonly nextSeq: Database.Statement
  private readonly upsertKey: Database.Statement
  private readonly upsertCron: Database.Statement
  private readonly removeCron: Database.Statement
  private readonly removeMark: Database.Statement
  private readonly insertMark: Database.Statement
  private readonly raiseMark: Database.Statement
  private readonly upsertMeta: Database.Statement
  private readonly eventsOfRun: Database.Statement
  private readonly expired: Database.Statement
  private readonly overCount: Database.Statement
  private readonly deleteEvents: Database.Statement
  private readonly deleteRun: Database.Statement
  private readonly deleteKeys: Database.Statement
  private seq: number

  constructor(private readonly db: Database.Database) {
    this.insertEvent = db.prepare('INSERT INTO events (run_id, body) VALUES (?, ?)')
    this.insertRun = db.prepare('INSERT OR IGNORE INTO runs (id, seq, task_id, created_at) VALUES (?, ?, ?, ?)')
    this.endRun = db.prepare('UPDATE runs SET ended_at = ? WHERE id = ?')
    this.nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM runs')
    this.upsertKey = db.prepare('INSERT OR REPLACE INTO idempotency_keys (task_id, key, run_id, expires_at) VALUES (?, ?, ?, ?)')
    this.upsertCron = db.prepare('INSERT OR REPLACE INTO crons (name, body) VALUES (?, ?)')
    this.removeCron = db.prepare('DELETE FROM crons WHERE name = ?')
    this.removeMark = db.prepare('DELETE FROM cron_marks WHERE name = ?')
    this.insertMark = db.prepare('INSERT OR IGNORE INTO cron_marks (name, at) VALUES (?, ?)')
    this.raiseMark = db.prepare('INSERT INTO cron_marks (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = MAX(at, excluded.at)')
    this.upsertMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
    this.eventsOfRun = db.prepare('SELECT body FROM events WHERE run_id = ? ORDER BY seq').pluck()
    this.expired = db.prepare('SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ? ORDER BY ended_at, seq').pluck()
    this.overCount = db.prepare('SELECT id FROM runs WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, seq DESC LIMIT -1 OFFSET ?').pluck()
    this.deleteEvents = db.prepare('DELETE FROM events WHERE run_id = ?')
    this.deleteRun = db.prepare('DELETE FROM runs WHERE id = ?')
    this.deleteKeys = db.prepare('DELETE FROM idempotency_keys WHERE run_id = ?')
    this.seq = (this.nextSeq.get() as { seq: number }).seq
  }

  writeEvent(e: RunEvent, ends: boolean): void {
    this.insertEvent.run(e.runId, JSON.stringify(e))
    if (e.type === 'run.triggered') {
      this.insertRun.run(e.runId, ++this.seq, e.taskId, e.at)
      if (e.cron !== undefined && e.scheduledAt !== undefined) this.raiseMark.run(e.cron, e.scheduledAt)
    } else if (ends) this.endRun.run(e.at, e.runId)
  }

  writeKey(k: StoredKey): void {
    this.upsertKey.run(k.taskId, k.key, k.runId, k.expiresAt)
  }

  writeCron(cron: CronInput): void {
    this.upsertCron.run(cron.name, JSON.stringify(cron))
  }

  deleteCron(name: string): void {
    this.removeCron.run(name)
    this.removeMark.run(name)
  }

  writeMark(name: string, at: number): void {
    this.insertMark.run(name, at)
  }

  writeLastAt(at: number): void {
    this.upsertMeta.run('last_at', String(at))
  }

  lastAt(): number | undefined {
    const value = this.db.prepare("SELECT value FROM meta WHERE key = 'last_at'").pluck().get() as string | undefined
    return value === undefined ? undefined : Number(value)
  }

  runEvents(runId: string): string[] {
    return this.eventsOfRun.all(runId) as string[]
  }

  /** Every event, runs in the order they were created, each run's events in append order. */
  /** Runs the query only when iterated; the connection is busy until the iteration ends. */
  *allEvents(): Generator<{ run_id: string; body: string }> {
    yield* this.db.prepare('SELECT e.run_id, e.body FROM events e JOIN runs r ON r.id = e.run_id ORDER BY r.seq, e.seq').iterate() as IterableIterator<{ run_id: string; body: string }>
  }

  crons(): CronInput[] {
    return (this.db.prepare('SELECT body FROM crons ORDER BY rowid').pluck().all() as string[]).map((b) => JSON.parse(b) as CronInput)
  }

  keys(): StoredKey[] {
    const rows = this.db.prepare('SELECT task_id, key, run_id, expires_at FROM idempotency_keys').all() as { task_id: string; key: string; run_id: string; expires_at: number }[]
    return rows.map((r) => ({ taskId: r.task_id, key: r.key, runId: r.run_id, expiresAt: r.expires_at }))
  }

  marks(): Map<string, number> {
    const rows = this.db.prepare('SELECT name, at FROM cron_marks').all() as { name: string; at: number }[]
    return new Map(rows.map((r) => [r.name, r.at]))
  }

  /** Deletes ended runs past the policy (call inside a transaction); their ids, oldest ended first. */
  deleteEnded(policy: CompactPolicy): string[] {
    const ids = new Set(this.expired.all(policy.endedBefore) as string[])
    for (const id of (this.overCount.all(Math.max(0, policy.maxEnded)) as string[]).reverse()) ids.add(id)
    for (const id of ids) {
      this.deleteEvents.run(id)
      this.deleteRun.run(id)
      this.deleteKeys.run(id)
    }
    return [...ids]
  }
}
