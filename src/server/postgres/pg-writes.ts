import type { ClientBase } from 'pg'
import type { Batch, Firing } from './pg-batch.js'

/**
 * Writes a compiled batch inside the caller's transaction: one statement per table that has
 * something to write, each row set passed as arrays and expanded with `unnest`, so a batch of
 * 2,000 events is a handful of round trips. Returns the cron firings that were stored already
 * (by another replica or an earlier batch): the caller rolls back if there is any. `token`
 * names the batch (see `wasCommitted`).
 */
export async function writeBatch(client: ClientBase, b: Batch, token: string): Promise<Firing[]> {
  if (b.eventRuns.length > 0) {
    // Each event's n continues its run's log: the highest stored n plus its rank in this batch.
    await client.query(
      `INSERT INTO backlot_events (run_id, n, body)
       SELECT x.run_id, COALESCE((SELECT max(e.n) FROM backlot_events e WHERE e.run_id = x.run_id), 0) + x.k, x.body
       FROM (SELECT run_id, body, row_number() OVER (PARTITION BY run_id ORDER BY ord) AS k
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(run_id, body, ord)) x`,
      [b.eventRuns, b.eventBodies],
    )
  }
  if (b.runs.runIds.length > 0) {
    await client.query(
      `INSERT INTO backlot_runs (run_id, task_id, created_at)
       SELECT run_id, task_id, created_at FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS t(run_id, task_id, created_at, ord)
       ORDER BY ord
       ON CONFLICT (run_id) DO NOTHING`,
      [b.runs.runIds, b.runs.taskIds, b.runs.createdAts],
    )
  }
  if (b.ends.runIds.length > 0) {
    await client.query('UPDATE backlot_runs r SET ended_at = u.at FROM unnest($1::text[], $2::bigint[]) AS u(run_id, at) WHERE r.run_id = u.run_id', [b.ends.runIds, b.ends.ats])
  }
  const duplicates = await writeFirings(client, b.firings)
  if (duplicates.length > 0) return duplicates
  if (b.keys.taskIds.length > 0) {
    await client.query(
      `INSERT INTO backlot_keys (task_id, key, run_id, expires_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (task_id, key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at`,
      [b.keys.taskIds, b.keys.keys, b.keys.runIds, b.keys.expiresAts],
    )
  }
  if (b.cronDeletes.length > 0) await client.query('DELETE FROM backlot_crons WHERE name = ANY($1::text[])', [b.cronDeletes])
  if (b.cronPuts.names.length > 0) {
    await client.query(
      `INSERT INTO backlot_crons (name, body)
       SELECT name, body FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name, body, ord) ORDER BY ord
       ON CONFLICT (name) DO UPDATE SET body = excluded.body`,
      [b.cronPuts.names, b.cronPuts.bodies],
    )
  }
  if (b.markResets.length > 0) await client.query('DELETE FROM backlot_cron_marks WHERE name = ANY($1::text[])', [b.markResets])
  if (b.markInserts.names.length > 0) {
    await client.query('INSERT INTO backlot_cron_marks (name, at) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (name) DO NOTHING', [b.markInserts.names, b.markInserts.ats])
  }
  if (b.markRaises.names.length > 0) {
    await client.query('UPDATE backlot_cron_marks m SET at = GREATEST(m.at, u.at) FROM unnest($1::text[], $2::bigint[]) AS u(name, at) WHERE m.name = u.name', [b.markRaises.names, b.markRaises.ats])
  }
  if (b.requests.keys.length > 0) {
    await client.query(
      `INSERT INTO backlot_requests (key, fingerprint, answer)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (key) DO NOTHING`,
      [b.requests.keys, b.requests.fingerprints, b.requests.answers],
    )
  }
  // The batch's token marks it committed, for a retry after a COMMIT that got no answer.
  await client.query(
    `INSERT INTO backlot_meta (key, value)
     SELECT key, value FROM (VALUES ('last_at', $1::text), ('last_batch', $2::text)) AS v(key, value) WHERE value IS NOT NULL
     ON CONFLICT (key) DO UPDATE SET value = CASE WHEN backlot_meta.key = 'last_at'
       THEN GREATEST(backlot_meta.value::bigint, excluded.value::bigint)::text ELSE excluded.value END`,
    [b.lastAt === undefined ? null : String(b.lastAt), token],
  )
  return []
}

/** Stores each firing once; returns those another run holds already (in batch order). */
async function writeFirings(client: ClientBase, firings: readonly Firing[]): Promise<Firing[]> {
  if (firings.length === 0) return []
  const { rows } = await client.query<{ run_id: string }>(
    `INSERT INTO backlot_cron_firings (cron, scheduled_at, run_id)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
     ON CONFLICT (cron, scheduled_at) DO NOTHING
     RETURNING run_id`,
    [firings.map((f) => f.cron), firings.map((f) => f.scheduledAt), firings.map((f) => f.runId)],
  )
  const stored = new Set(rows.map((r) => r.run_id))
  return firings.filter((f) => !stored.has(f.runId))
}

/**
 * The fence: locks the lease row (shared, so a takeover's UPDATE waits for this commit) and
 * returns its epoch, or undefined when the row is gone.
 */
export async function leaseEpoch(client: ClientBase, name: string): Promise<number | undefined> {
  const { rows } = await client.query<{ epoch: string }>('SELECT epoch FROM backlot_leases WHERE name = $1 FOR SHARE', [name])
  return rows[0] === undefined ? undefined : Number(rows[0].epoch)
}

/** True if the batch named `token` is the last one committed (its COMMIT's answer was lost). */
export async function wasCommitted(client: ClientBase, token: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM backlot_meta WHERE key = 'last_batch' AND value = $1", [token])
  return rowCount === 1
}
