import type { ClientBase, Pool } from 'pg'
import type { CronInput } from '../../model/cron-types.js'
import { groupByRun } from '../../store/group-by-run.js'
import type { CompactPolicy, StoredState, StoredKey } from '../../store/run-store.js'

/** A run's event bodies in append order (empty for a run not stored). */
export async function runEvents(pool: Pool, runId: string): Promise<string[]> {
  const { rows } = await pool.query<{ body: string }>('SELECT body FROM backlot_events WHERE run_id = $1 ORDER BY n', [runId])
  return rows.map((r) => r.body)
}

/**
 * Everything stored, read in one snapshot (REPEATABLE READ) so a run, its key and its cron's
 * mark agree. The rows are read at once: `StoredState.runs` is a synchronous iterable.
 */
export async function loadState(client: ClientBase): Promise<StoredState> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  try {
    const events = await client.query<{ run_id: string; body: string }>('SELECT e.run_id, e.body FROM backlot_events e JOIN backlot_runs r ON r.run_id = e.run_id ORDER BY r.seq, e.n')
    const crons = await client.query<{ body: string }>('SELECT body FROM backlot_crons ORDER BY seq')
    const keys = await client.query<{ task_id: string; key: string; run_id: string; expires_at: string }>('SELECT task_id, key, run_id, expires_at FROM backlot_keys')
    const marks = await client.query<{ name: string; at: string }>('SELECT name, at FROM backlot_cron_marks')
    const meta = await client.query<{ value: string }>("SELECT value FROM backlot_meta WHERE key = 'last_at'")
    await client.query('COMMIT')
    return {
      runs: [...groupByRun(events.rows)],
      crons: crons.rows.map((r) => JSON.parse(r.body) as CronInput),
      keys: keys.rows.map((r): StoredKey => ({ taskId: r.task_id, key: r.key, runId: r.run_id, expiresAt: Number(r.expires_at) })),
      cronMarks: new Map(marks.rows.map((r) => [r.name, Number(r.at)])),
      lastAt: meta.rows[0] === undefined ? undefined : Number(meta.rows[0].value),
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/**
 * Deletes ended runs past the policy with their events, keys and cron firings (inside the
 * caller's transaction); returns their ids, earliest ended first. A run not ended has no
 * `ended_at` and is never chosen.
 */
export async function deleteEnded(client: ClientBase, policy: CompactPolicy): Promise<string[]> {
  const { rows } = await client.query<{ run_id: string }>(
    `SELECT run_id FROM backlot_runs
     WHERE ended_at IS NOT NULL AND (ended_at < $1::float8 OR run_id IN (
       SELECT run_id FROM backlot_runs WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, seq DESC OFFSET $2))
     ORDER BY ended_at, seq
     FOR UPDATE`,
    [policy.endedBefore, Math.max(0, Math.min(Math.floor(policy.maxEnded), Number.MAX_SAFE_INTEGER))],
  )
  const ids = rows.map((r) => r.run_id)
  if (ids.length === 0) return ids
  for (const table of ['backlot_events', 'backlot_keys', 'backlot_cron_firings', 'backlot_runs']) {
    await client.query(`DELETE FROM ${table} WHERE run_id = ANY($1::text[])`, [ids])
  }
  return ids
}
