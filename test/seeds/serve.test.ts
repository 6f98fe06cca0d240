// seed 000's route file, `export const { GET, POST } = serve({ tasks: [sendEmail] })`, served
// to an engine on the virtual clock that reaches it only through signed Web requests.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SIGNATURE_HEADER, configure, getTask, resetConfiguration } from 'backlot'
import { Engine, PROTOCOL_VERSION, VirtualClock, memoryTransport, signRequest, type ExecutionOutcome, type Executor } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'
import { mailer } from './sylphx/lib/mailer.js'
import { sendEmail } from './sylphx/tasks/send-email.js'
import { GET, POST } from './sylphx/api/tasks/route.js'

const KEY = 'whsec_seed_000'
const URL_ = 'https://myapp.com/api/tasks'
const START = Date.UTC(2026, 0, 1)

/** The platform's side of the protocol, in a few lines: each invocation is a signed POST to the route. */
function postToRoute(clock: VirtualClock, requests: unknown[]): Executor {
  let n = 0
  return {
    async execute(_task, invocation) {
      const raw = JSON.stringify({ version: PROTOCOL_VERSION, requestId: `req_${++n}`, now: clock.now(), invocation })
      requests.push(invocation)
      const signature = await signRequest(raw, KEY)
      const response = await POST(new Request(URL_, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature } }))
      if (response.status !== 200) throw new Error(`the route answered ${response.status}: ${await response.text()}`)
      return ((await response.json()) as { outcome: ExecutionOutcome }).outcome
    },
  }
}

describe('seed 000: serve() exposes the tasks to the platform', () => {
  let engine: Engine | undefined
  beforeEach(() => {
    mailer.reset()
    vi.stubEnv('BACKLOT_SIGNING_KEY', KEY)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
    resetConfiguration()
    engine?.dispose()
    engine = undefined
  })

  it('answers GET with health and the manifest of send-email', async () => {
    const response = await GET(new Request(URL_))
    expect(response.status).toBe(200)
    const manifest = (await response.json()) as { status: string; tasks: { id: string }[] }
    expect(manifest.status).toBe('ok')
    expect(manifest.tasks.map((t) => t.id)).toEqual(['send-email'])
  })

  it('rejects an unsigned POST with 401 and runs nothing', async () => {
    const raw = JSON.stringify({ version: PROTOCOL_VERSION, requestId: 'req_x', now: START, invocation: {} })
    const response = await POST(new Request(URL_, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } }))
    expect(response.status).toBe(401)
    expect(mailer.sent).toEqual([])
  })

  it('runs sendEmail.triggerAndWait through signed POSTs to the route, on the virtual clock', async () => {
    const clock = new VirtualClock(START)
    const requests: unknown[] = []
    engine = new Engine({ clock, tasks: [sendEmail], executor: postToRoute(clock, requests), seed: 4 })
    const driver = new TimeDriver(engine, clock)
    configure({ transport: memoryTransport(engine, { drive: (id) => driver.untilEnded(id) }) })

    mailer.failNext = 1
    const result = await sendEmail.triggerAndWait({ to: 'ada@example.com', template: 'welcome' })

    expect(result).toEqual({ sent: true })
    expect(mailer.sent).toEqual([{ to: 'ada@example.com', template: 'welcome' }])
    expect(requests).toHaveLength(2)
    const runs = engine.listRuns({ taskId: 'send-email' })
    const status = await getTask(undefined, runs[0]!.id)
    expect(status).toMatchObject({ status: 'completed', attempts: 2, result: { sent: true }, completedAt: new Date(START + 1_000).toISOString() })
    expect(status.error).toBeNull()
  })
})
