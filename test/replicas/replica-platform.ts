import type pg from 'pg'
import type { Engine } from '../../src/engine/engine.js'
import type { TimeDriver } from '../../src/engine/time-driver.js'
import type { PlatformReplicas } from '../contract/http-harness.js'
import { startServer, type ReplicaServer } from '../../src/server/replicas/start-server.js'

/** Empties every backlot table but the schema version, so each test starts on a fresh platform. */
export async function emptyDatabase(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'backlot\\_%' AND tablename <> 'backlot_schema'`)
  if (rows.length > 0) await pool.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')}`)
}

/**
 * Two replicas on one database, as the contract suite's platform: the first takes the lease
 * and runs the engine, the second forwards to it. Writes go to one, reads to the other.
 */
export function twoReplicas(database: string, pool: pg.Pool): PlatformReplicas {
  let replicas: ReplicaServer[] = []
  return {
    name: 'two PostgreSQL replicas',
    async start(setup) {
      await emptyDatabase(pool)
      let led: { engine: Engine; driver: TimeDriver } | undefined
      const options = {
        database,
        apps: [setup.appUrl],
        port: 0,
        secretKey: setup.secretKey,
        signingKey: setup.signingKey,
        clock: 'virtual' as const,
        startAt: setup.now,
        seed: setup.seed,
        driveOnWait: true,
        appFetch: setup.appFetch,
        poolSize: 4,
        leaseMs: 60_000,
        log: () => undefined,
        color: false,
        timeDriver: setup.makeDriver,
        onLeader: ({ engine, driver }: { engine: Engine; driver?: TimeDriver }) => {
          led = { engine, driver: driver! }
        },
      }
      replicas = [await startServer(options), await startServer(options)]
      if (!led || !replicas[0]!.leading || replicas[1]!.leading) throw new Error('Failed to start two replicas: the first should hold the lease and the second forward to it.')
      return { ...led, writeUrl: replicas[0]!.url, readUrl: replicas[1]!.url }
    },
    async stop() {
      for (const replica of replicas.reverse()) await replica.close()
      replicas = []
    },
  }
}
