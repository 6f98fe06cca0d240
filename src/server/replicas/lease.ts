import type { Pool } from 'pg'

/** Who holds a lease, as the database sees it. */
export interface LeaseHolder {
  epoch: number
  owner: string
  /** The holder's URL, where other replicas forward API requests. */
  address: string
  /** False once its time ran out (by the database's clock): anyone may take it. */
  live: boolean
}

/** The channel a replica notifies when it gives a lease up, so another takes it at once. */
export const LEASE_CHANNEL = 'backlot_lease'

/**
 * One named lease in `backlot_leases`, timed by the database's clock (replicas' clocks may
 * disagree). Each acquisition bumps the epoch; the store fences every write on it, so a
 * replica that lost the lease (paused, partitioned) has its late writes refused, not applied.
 *
 * A holder also keeps its own deadline, measured from before it asked the database: it stops
 * acting on its own once that passes unrenewed, before anyone else can take over.
 */
export class Lease {
  private validUntil = 0

  constructor(
    private readonly pool: Pool,
    readonly name: string,
    readonly owner: string,
    readonly address: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease if nobody holds it (or its holder's time ran out). Returns the new epoch. */
  async tryAcquire(): Promise<number | undefined> {
    const asked = performance.now()
    const { rows } = await this.pool.query<{ epoch: string }>(
      `INSERT INTO backlot_leases (name, epoch, owner, address, expires_at)
       VALUES ($1, 1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET epoch = backlot_leases.epoch + 1, owner = EXCLUDED.owner,
         address = EXCLUDED.address, expires_at = EXCLUDED.expires_at
       WHERE backlot_leases.expires_at < now()
       RETURNING epoch`,
      [this.name, this.owner, this.address, this.ttlMs],
    )
    if (rows.length === 0) return undefined
    this.validUntil = asked + this.ttlMs
    return Number(rows[0]!.epoch)
  }

  /** Extends a lease held at `epoch`; false if it is no longer ours. */
  async renew(epoch: number): Promise<boolean> {
    const asked = performance.now()
    const { rowCount } = await this.pool.query(
      `UPDATE backlot_leases SET expires_at = now() + $3 * interval '1 millisecond'
       WHERE name = $1 AND epoch = $2 AND expires_at > now()`,
      [this.name, epoch, this.ttlMs],
    )
    if (rowCount !== 1) return false
    this.validUntil = asked + this.ttlMs
    return true
  }

  /** Gives the lease up (a clean shutdown) and tells the other replicas. */
  async release(epoch: number): Promise<void> {
    this.validUntil = 0
    await this.pool.query(`UPDATE backlot_leases SET expires_at = now() - interval '1 second' WHERE name = $1 AND epoch = $2`, [this.name, epoch])
    await this.pool.query(`SELECT pg_notify($1, $2)`, [LEASE_CHANNEL, this.name])
  }

  /** Whether this replica may still act on the lease it holds (by its own clock, conservatively). */
  held(): boolean {
    return performance.now() < this.validUntil
  }

  /** The current holder, or undefined if the lease was never taken. */
  async holder(): Promise<LeaseHolder | undefined> {
    const { rows } = await this.pool.query<{ epoch: string; owner: string; address: string; live: boolean }>(
      `SELECT epoch, owner, address, expires_at > now() AS live FROM backlot_leases WHERE name = $1`,
      [this.name],
    )
    const row = rows[0]
    return row && { epoch: Number(row.epoch), owner: row.owner, address: row.address, live: row.live }
  }
}
