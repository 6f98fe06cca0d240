import { TimeoutError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { outbox, sendEmail, sendEmails } from './tasks.js'

describe('the email fan-out cron', () => {
  beforeEach(() => outbox.clear())

  it('dispatches one child per pending email, nested under the cron run', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:05:00Z' })
    outbox.add({ id: 'e1', to: 'a@x.io' }, { id: 'e2', to: 'b@x.io' })
    await engine.advance('10 minutes')
    const [parent] = engine.runs({ task: sendEmails })
    expect(parent).toMatchObject({ status: 'completed', scheduledAt: '2026-05-04T09:15:00.000Z', result: { dispatched: 2 } })
    expect(parent!.id).toHaveSpawned(sendEmail, { id: 'e1' })
    expect(engine.children(parent!.id).map((c) => [c.payload, c.parentId, c.status, c.logs.map((l) => l.message)])).toEqual([
      [{ id: 'e1' }, parent!.id, 'completed', ['Sent email to a@x.io']],
      [{ id: 'e2' }, parent!.id, 'completed', ['Sent email to b@x.io']],
    ])
    expect(parent!.id).toHaveLogged('Dispatched 2 emails')
  })

  it('dispatches each email once, and only emails that arrived since the last firing', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:00:00Z' })
    outbox.add({ id: 'e1', to: 'a@x.io' })
    await engine.advance('20 minutes')
    outbox.add({ id: 'e2', to: 'b@x.io' })
    await engine.advance('25 minutes')
    expect(engine.runs({ task: sendEmails }).map((r) => [r.scheduledAt, r.result])).toEqual([
      ['2026-05-04T09:15:00.000Z', { dispatched: 1 }],
      ['2026-05-04T09:30:00.000Z', { dispatched: 1 }],
      ['2026-05-04T09:45:00.000Z', { dispatched: 0 }],
    ])
    expect(engine.runs({ task: sendEmail }).map((r) => r.payload)).toEqual([{ id: 'e1' }, { id: 'e2' }])
  })

  it('retries a failed delivery twice on its own, without running the cron again', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:05:00Z' })
    outbox.add({ id: 'e1', to: 'a@x.io' }, { id: 'e2', to: 'b@x.io' })
    outbox.unreachable.add('a@x.io')
    await engine.advance('10 minutes')
    await engine.runUntilIdle()
    expect(engine.runs({ task: sendEmail }).map((r) => [r.payload, r.status, r.attempts])).toEqual([
      [{ id: 'e1' }, 'failed', 3], // retries: 2 — three attempts, then the run fails with the last error
      [{ id: 'e2' }, 'completed', 1],
    ])
    expect(engine.runs({ task: sendEmail })[0]).toHaveFailedWith('SMTP 451: a@x.io is temporarily unavailable')
    expect(engine.runs({ task: sendEmails })).toMatchObject([{ status: 'completed', attempts: 1 }])
  })

  it('times out a delivery that hangs past 15 seconds and retries it', async () => {
    await using engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:05:00Z' })
    engine.onStep(sendEmail, 'deliver').timeout()
    outbox.add({ id: 'e1', to: 'a@x.io' })
    await engine.advance('10 minutes')
    await engine.runUntilIdle()
    const [child] = engine.runs({ task: sendEmail })
    expect(child).toMatchObject({ status: 'completed', attempts: 2 })
    const [first, second] = engine.attempts(child!.id)
    expect(first!.error).toMatchObject({ name: TimeoutError.name })
    expect([first!.startedAt, second!.startedAt]).toEqual(['2026-05-04T09:15:00.000Z', '2026-05-04T09:15:16.000Z']) // 15 s timeout + 1 s backoff
    expect(outbox.emails.get('e1')?.status).toBe('sent')
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
