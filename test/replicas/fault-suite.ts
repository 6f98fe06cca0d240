import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { testPool, type TestDatabase } from '../postgres/available.js'
import { FaultRig } from './fault-rig.js'

/**
 * The hooks a fault test on a test database needs: before its tests, a FaultRig (steps taking
 * `stepMs`) and a pool on the database; after them, both closed and the database dropped.
 * Call inside the describe; read `rig` and `pool` inside its tests.
 */
export function useFaultRig(db: TestDatabase, stepMs: number): { readonly rig: FaultRig; readonly pool: pg.Pool } {
  let rig: FaultRig | undefined
  let pool: pg.Pool | undefined
  beforeAll(async () => {
    rig = await FaultRig.start(stepMs)
    pool = testPool(db.url)
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
    await pool?.end()
    await db.drop()
  }, 60_000)
  return {
    get rig() {
      if (!rig) throw new Error('Failed to read the fault rig: it starts in beforeAll. Read it inside a test.')
      return rig
    },
    get pool() {
      if (!pool) throw new Error('Failed to read the pool: it opens in beforeAll. Read it inside a test.')
      return pool
    },
  }
}
