import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpTransport, serve, task, type AnyTask } from 'backlot'
import { listen, type Listening } from 'backlot/server'
import { startDevProcess, type DevProcess } from './dev-process-handle.js'

describe('backlot dev killed with -9 while an app executes an invocation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-restart-app-'))
  let live: DevProcess | undefined
  let app: Listening | undefined
  afterEach(async () => {
    await live?.kill9()
    await app?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('records the attempt as interrupted and dispatches it to the app again', async () => {
    const ran: string[] = []
    let hang = true
    let reached!: () => void
    const hanging = new Promise<void>((resolve) => (reached = resolve))
    const charge = task({
      id: 'app-charge',
      run: async (_p: unknown, { step }) => {
        await step.run('reserve', () => ran.push('reserve'))
        if (hang) {
          reached()
          await new Promise(() => undefined)
        }
        await step.run('capture', () => ran.push('capture'))
        return 'charged'
      },
    })
    app = await listen((request) => {
      const handlers = serve({ tasks: [charge], signingKey: 'whsec_restart' })
      return request.method === 'GET' ? handlers.GET(request) : handlers.POST(request)
    })
    const env = { DEV_APPS: `${app.url}/api/tasks` }
    live = await startDevProcess(path.join(dir, 'data'), [], env)
    const client = (p: DevProcess) => createHttpTransport({ baseUrl: p.url, secretKey: 'sk_restart', retry: { attempts: 1 } })
    const { id } = await client(live).trigger({ id: 'app-charge' } as AnyTask, {})
    await hanging
    await live.kill9()

    hang = false
    live = await startDevProcess(path.join(dir, 'data'), [], env)
    expect(live.recovered.interrupted).toEqual([id])
    const record = await client(live).waitForRun(id)
    expect(record).toMatchObject({ status: 'completed', result: 'charged', attempts: 2 })
    const events = []
    for await (const event of client(live).events({ runId: id })) events.push(event)
    expect(events.filter((e) => e.type === 'attempt.failed')).toMatchObject([{ attempt: 1, error: { name: 'InterruptedError', code: 'INTERRUPTED' } }])
    // The interrupted POST's steps never reached the platform, so they run again: at-least-once for the invocation in flight.
    expect(ran).toEqual(['reserve', 'reserve', 'capture'])
    await live.close()
    live = undefined
  }, 120_000)
})
