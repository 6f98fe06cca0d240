import type pg from 'pg'
import { StoreError } from '../../store/store-errors.js'

/** The schema version this code writes; `backlot_schema` holds the database's. */
export const SCHEMA_VERSION = 2

/**
 * The advisory lock every migration holds ('backlot' in ASCII): replicas starting at once
 * migrate one after the other, and each after the first finds the schema made.
 */
export const MIGRATION_LOCK = 27691627349569396n

/**
 * Migration i moves a database from version i to i + 1. Event bodies are `text`, not `jsonb`:
 * stored byte for byte as the engine wrote them (jsonb refuses a `\u0000` in a string, which
 * would fail every later write), and a body that no longer parses is an unreadable run on load,
 * not a failed start.
 */
const MIGRATIONS: readonly string[] = [
  // 0 → 1: the first schema.
  `
  CREATE TABLE backlot_runs (
    run_id text PRIMARY KEY,
    seq bigserial NOT NULL UNIQUE,
    task_id text NOT NULL,
    created_at bigint NOT NULL,
    ended_at bigint
  );
  CREATE INDEX backlot_runs_ended ON backlot_runs (ended_at, seq) WHERE ended_at IS NOT NULL;
  CREATE TABLE backlot_events (
    run_id text NOT NULL,
    n integer NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (run_id, n)
  );
  CREATE TABLE backlot_keys (
    task_id text NOT NULL,
    key text NOT NULL,
    run_id text NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (task_id, key)
  );
  CREATE INDEX backlot_keys_run ON backlot_keys (run_id);
  CREATE TABLE backlot_crons (name text PRIMARY KEY, seq bigserial NOT NULL, body text NOT NULL);
  CREATE TABLE backlot_cron_marks (name text PRIMARY KEY, at bigint NOT NULL);
  CREATE TABLE backlot_cron_firings (
    cron text NOT NULL,
    scheduled_at bigint NOT NULL,
    run_id text NOT NULL,
    PRIMARY KEY (cron, scheduled_at)
  );
  CREATE INDEX backlot_cron_firings_run ON backlot_cron_firings (run_id);
  CREATE TABLE backlot_meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE backlot_leases (
    name text PRIMARY KEY,
    epoch bigint NOT NULL,
    owner text,
    address text,
    expires_at timestamptz
  );
  `,
  // 1 → 2: answers by request id, so a client's retry reaches the same answer after a failover.
  `
  CREATE TABLE backlot_requests (
    key text PRIMARY KEY,
    fingerprint text NOT NULL,
    answer text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX backlot_requests_at ON backlot_requests (at);
  `,
]

/**
 * Brings the database to SCHEMA_VERSION in one transaction under MIGRATION_LOCK, so several
 * replicas opening an empty database at once make the schema once. A database newer than this
 * code is refused (STORE_TOO_NEW) and left untouched.
 */
export async function migrate(client: pg.ClientBase, shown: string): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()])
    await client.query('CREATE TABLE IF NOT EXISTS backlot_schema (version integer NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM backlot_schema')
    const version = rows[0]?.version ?? 0
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'STORE_TOO_NEW',
        `Failed to open ${shown}: its backlot schema is version ${version}, written by a newer backlot; this one reads up to version ${SCHEMA_VERSION}. Upgrade backlot on every replica, or point it at another database.`,
      )
    }
    for (let v = version; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!)
    if (rows.length === 0) await client.query('INSERT INTO backlot_schema (version) VALUES ($1)', [SCHEMA_VERSION])
    else if (version < SCHEMA_VERSION) await client.query('UPDATE backlot_schema SET version = $1', [SCHEMA_VERSION])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined) // the connection may be gone; the error below says why
    throw error
  }
}
