// Issue 11: answers by request id are rows, so a client that retries a trigger after the
// replica holding the lease went away gets the first answer from the next holder, not a
// second run.
import { afterAll, describe, expect, it } from 'vitest'
import { task } from 'backlot'
import { startServer, type ReplicaServer } from 'backlot/server'
import { postgresOrSkip, testPool } from '../postgres/available.js'

const db = await postgresOrSkip('the request-id failover test')
const SECRET = 'sk_request_ids'

describe.skipIf(!db)('a retried request after a failover', () => {
  const replicas: ReplicaServer[] = []
  afterAll(async () => {
    for (const r of replicas) await r.close()
    await db?.drop()
  })

  it('gets the answer the first holder gave, and starts no second run', async () => {
    const options = { database: db!.url, port: 0, secretKey: SECRET, poolSize: 3, leaseMs: 2_000, log: () => undefined, clock: 'virtual' as const }
    const first = await startServer(options)
    const second = await startServer(options)
    replicas.push(first, second)
    first.engine!.register(task({ id: 'rid-task', run: async () => 'ok' }))
    const post = (replica: ReplicaServer, body: unknown) =>
      fetch(`${replica.url}/api/v1/tasks/rid-task/trigger`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', 'x-backlot-request-id': 'req_failover_1' }, body: JSON.stringify(body) })

    const answered = await post(first, { payload: { n: 1 } })
    expect(answered.status, await answered.clone().text()).toBe(201)
    const { id } = (await answered.json()) as { id: string }

    await first.close() // releases the lease: the second replica takes over and rebuilds from the database
    await waitFor(() => second.leading)
    second.engine!.register(task({ id: 'rid-task', run: async () => 'ok' }))
    const retried = await post(second, { payload: { n: 1 } })
    expect(retried.status).toBe(201)
    expect(await retried.json()).toMatchObject({ id, deduplicated: false })
    const reused = await post(second, { payload: { n: 2 } })
    expect(reused.status).toBe(409)

    const pool = testPool(db!.url, 1)
    try {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM backlot_runs WHERE task_id = 'rid-task'`)
      expect(Number(rows[0]!.n)).toBe(1)
    } finally {
      await pool.end()
    }
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > until) throw new Error('Failed to see the second replica take the lease within 10 s.')
    await new Promise((r) => setTimeout(r, 20))
  }
}
