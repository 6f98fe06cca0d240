import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { outbox, sendEmail, sendEmails } from './tasks.js'

describe('the email fan-out', () => {
  beforeEach(() => {
    outbox.pending.length = 0
    outbox.delivered.length = 0
  })

  it('dispatches one child per pending email, nested under the cron run', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:05:00Z' })
    outbox.pending.push({ id: 'e1', to: 'a@x.io' }, { id: 'e2', to: 'b@x.io' })
    await engine.advance('10 minutes')
    const [parent] = engine.runs({ task: sendEmails })
    expect(parent).toMatchObject({ status: 'completed', scheduledAt: '2026-05-04T09:15:00.000Z', result: { dispatched: 2 } })
    expect(engine.children(parent!.id).map((c) => [c.payload, c.status])).toEqual([
      [{ id: 'e1', to: 'a@x.io' }, 'completed'],
      [{ id: 'e2', to: 'b@x.io' }, 'completed'],
    ])
    expect(engine.logs(parent!.id).map((l) => l.message)).toEqual(['Dispatched 2 emails'])
  })

  it('retries a failed delivery on its own, without re-running the cron', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:05:00Z' })
    engine.onStep(sendEmail, 'deliver').fail({ times: 2, error: new Error('SMTP 451') })
    outbox.pending.push({ id: 'e1', to: 'a@x.io' })
    await engine.advance('10 minutes')
    await engine.runUntilIdle()
    const [child] = engine.runs({ task: sendEmail })
    expect(child).toMatchObject({ status: 'completed', attempts: 3 })
    expect(engine.runs({ task: sendEmails })).toHaveLength(1)
  })

  it('fires every 15 minutes, each firing with its own time, when the clock jumps an hour', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:00:00Z' })
    await engine.advance('1h')
    expect(engine.runs({ task: sendEmails }).map((r) => r.scheduledAt)).toEqual([
      '2026-05-04T09:15:00.000Z',
      '2026-05-04T09:30:00.000Z',
      '2026-05-04T09:45:00.000Z',
      '2026-05-04T10:00:00.000Z',
    ])
  })
})
