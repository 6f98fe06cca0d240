import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { Engine } from '../engine/engine.js'
import { TimeDriver } from '../engine/time-driver.js'
import { RunNotFoundError } from '../errors/input-errors.js'
import { fixtureTasks, SECRET } from '../platform/api.fixture.js'
import { AuthenticationError } from '../transport/http/http-errors.js'
import { createHttpTransport } from '../transport/http/http-transport.js'
import { listenPlatform, type PlatformServer } from './platform-server.js'

let server: PlatformServer | undefined
let engine: Engine | undefined
afterEach(async () => {
  await server?.close()
  engine?.dispose()
  server = engine = undefined
})

async function start() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  const tasks = fixtureTasks()
  engine = new Engine({ clock, tasks: Object.values(tasks), seed: 1 })
  const driver = new TimeDriver(engine, clock, { isParked: () => true })
  server = await listenPlatform({ engine, secretKeys: [SECRET], ref: 'proj_1', port: 0 })
  const transport = createHttpTransport({ baseUrl: server.url, secretKey: SECRET, ref: 'proj_1', retry: { attempts: 1 } })
  return { engine, driver, server, transport, tasks }
}

describe('platform server over a real socket', () => {
  it('listens on 127.0.0.1 and serves the HTTP transport end to end', async () => {
    const { server, transport, driver, tasks, engine } = await start()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const { id } = await transport.trigger(tasks.sendEmail, { to: 'a' })
    const [b] = await transport.batchTrigger(tasks.sendEmail, [{ payload: { to: 'b' } }])
    const done = Promise.all([transport.waitForRun(id), transport.waitForRun(b!.id)])
    await driver.runUntilIdle()
    const [record] = await done
    expect(record).toEqual(engine.getRun(id))
    expect(record).toMatchObject({ status: 'completed', result: { sent: true, to: 'a' } })
    expect((await transport.listRuns({ status: 'completed' })).map((r) => r.id)).toEqual([id, b!.id])
    await transport.createCron({ name: 'nightly', cron: '0 0 * * *', taskId: 'send-email' })
    expect((await transport.listCrons()).map((c) => c.name)).toEqual(['nightly'])
    await transport.deleteCron('nightly')
  })

  it('cancels a run and streams its events over the socket', async () => {
    const { transport, driver, tasks } = await start()
    const { id } = await transport.trigger(tasks.sendEmail, { to: 'a' })
    await driver.settle()
    const seen: string[] = []
    const stream = (async () => {
      for await (const event of transport.events({ runId: id })) seen.push(event.type)
    })()
    expect(await transport.cancelRun(id)).toMatchObject({ status: 'cancelled' })
    await stream
    expect(seen).toEqual(['run.triggered', 'attempt.started', 'sleep.started', 'attempt.suspended', 'run.cancelled'])
  })

  it('answers errors with typed errors over the socket and changes nothing', async () => {
    const { server, transport, tasks, engine } = await start()
    await expect(transport.getRun('run_missing')).rejects.toBeInstanceOf(RunNotFoundError)
    const wrongKey = createHttpTransport({ baseUrl: server.url, secretKey: 'sk_wrong', ref: 'proj_1', retry: { attempts: 1 } })
    const error = await wrongKey.trigger(tasks.sendEmail, { to: 'a' }).catch((e) => e)
    expect(AuthenticationError.is(error) && error.status).toBe(401)
    const res = await fetch(`${server.url}/api/v1/tasks/send-email/trigger`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-backlot-project-ref': 'proj_1' }, body: '{not json' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID_JSON' } })
    const big = await fetch(`${server.url}/api/v1/tasks/send-email/trigger`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-backlot-project-ref': 'proj_1' }, body: JSON.stringify({ payload: 'x'.repeat(1_100_000) }) })
    expect(big.status).toBe(413)
    expect(engine.listRuns()).toEqual([])
  })

  it('ends a pending long-poll when the server closes', async () => {
    const { transport, tasks, server: s } = await start()
    const { id } = await transport.trigger(tasks.sendEmail, { to: 'a' }, { delay: '1h' })
    const res = fetch(`${s.url}/api/v1/runs/${id}?wait=30s`, { headers: { authorization: `Bearer ${SECRET}`, 'x-backlot-project-ref': 'proj_1' } })
    await new Promise((r) => setImmediate(r))
    s.api.close()
    const answer = await res
    expect(answer.headers.get('x-backlot-wait')).toBe('closed')
    expect(await answer.json()).toMatchObject({ id, status: 'pending' })
  })
})
