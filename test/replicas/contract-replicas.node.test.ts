// The contract suite over two replicas of `backlot server` sharing one PostgreSQL database:
// every SDK call that writes goes to one replica, every read to the other (issue 11).
import { afterAll, afterEach, beforeEach, describe } from 'vitest'
import { allScenarios } from '../contract/all-scenarios.js'
import { replicaHarness } from '../contract/http-harness.js'
import { postgresOrSkip, testPool } from '../postgres/available.js'
import { twoReplicas } from './replica-platform.js'

const db = await postgresOrSkip('the contract suite over PostgreSQL replicas')
const pool = db ? testPool(db.url) : undefined

describe.skipIf(!db)('the contract over two PostgreSQL replicas', () => {
  const h = replicaHarness(twoReplicas(db?.url ?? '', pool!))
  beforeEach((context) => {
    const reason = h.skips?.[context.task.name]
    if (reason) context.skip(`not over ${h.name}: ${reason}`)
  })
  afterEach(() => h.teardown())
  afterAll(async () => {
    await pool?.end()
    await db?.drop()
  })
  allScenarios(h)
})
