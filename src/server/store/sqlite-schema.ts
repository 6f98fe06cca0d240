import type Database from 'better-sqlite3'
import { StoreError } from '../../store/store-errors.js'

/**
 * The on-disk format, as SQLite's `user_version`. Each migration moves a database from
 * version i to i + 1 inside one transaction; a database newer than this code is refused.
 */
export const FORMAT_VERSION = 1

const MIGRATIONS: readonly string[] = [
  // 0 → 1: the first format.
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    task_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  CREATE INDEX runs_ended ON runs (ended_at, seq) WHERE ended_at IS NOT NULL;
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX events_run ON events (run_id, seq);
  CREATE TABLE crons (name TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE cron_marks (name TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TABLE idempotency_keys (
    task_id TEXT NOT NULL,
    key TEXT NOT NULL,
    run_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (task_id, key)
  );
  CREATE INDEX keys_run ON idempotency_keys (run_id);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
]

/** Brings a database to FORMAT_VERSION, one migration per transaction. */
export function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > FORMAT_VERSION) {
    throw new StoreError(
      'STORE_TOO_NEW',
      `Failed to open ${file}: it is in format ${version}, written by a newer backlot; this one reads up to format ${FORMAT_VERSION}. Upgrade backlot, or pass another --data directory.`,
    )
  }
  for (let v = version; v < FORMAT_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!)
      db.pragma(`user_version = ${v + 1}`)
    }).immediate()
  }
}
