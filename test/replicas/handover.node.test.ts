// A replica that stops cleanly gives its lease up and NOTIFYs the others: the next one takes
// over at once, not a polling period later (issue 11: wake-ups by LISTEN/NOTIFY, polling as
// the fallback).
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type ReplicaServer } from 'backlot/server'
import { postgresOrSkip } from '../postgres/available.js'

const db = await postgresOrSkip('the lease hand-over test')

describe.skipIf(!db)('a clean stop of the lease holder', () => {
  const replicas: ReplicaServer[] = []
  afterAll(async () => {
    for (const r of replicas) await r.close()
    await db?.drop()
  })

  it('hands the lease over through LISTEN/NOTIFY, long before the next poll', async () => {
    // A one-minute lease: the others poll every 20 s, so only the notification can be this quick.
    const options = { database: db!.url, port: 0, secretKey: 'sk_handover', poolSize: 2, leaseMs: 60_000, log: () => undefined }
    const first = await startServer(options)
    const second = await startServer(options)
    replicas.push(first, second)
    expect([first.leading, second.leading]).toEqual([true, false])
    await first.close()
    const until = Date.now() + 5_000
    while (!second.leading && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    expect(second.leading).toBe(true)
    const tasks = await fetch(`${second.url}/api/v1/tasks`, { headers: { authorization: 'Bearer sk_handover' } })
    expect(tasks.status).toBe(200)
  })
})
