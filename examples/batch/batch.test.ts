import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { provider, sendIssue, sendNewsletter } from './tasks.js'

const START = '2026-04-01T08:00:00Z'
// fakeGlobals: the provider's setTimeout latency runs on the virtual clock too.
const newEngine = () => createTestEngine({ tasks: [sendNewsletter], now: START, fakeGlobals: true }).use()

describe('sending a newsletter issue as one batch', () => {
  beforeEach(() => {
    provider.sent.length = 0
  })

  it('starts one run per subscriber and returns when every run has ended, in the order given', async () => {
    await using engine = newEngine()
    const deliveries = await sendIssue(7, ['ada@example.com', 'alan@example.com', 'grace@example.com'])
    expect(deliveries.map((d) => [d.to, 'messageId' in d && d.messageId])).toEqual([
      ['ada@example.com', 'msg_7_1'],
      ['alan@example.com', 'msg_7_2'],
      ['grace@example.com', 'msg_7_3'],
    ])
    expect(engine.runs({ task: sendNewsletter }).map((r) => r.id)).toEqual(deliveries.map((d) => d.runId))
    expect(engine.runs({ status: 'completed' })).toHaveLength(3)
  })

  it('runs two sends at a time while the others wait their turn in order', async () => {
    await using engine = newEngine()
    const subscribers = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']
    await sendNewsletter.batchTrigger(subscribers.map((to) => ({ to, issue: 8 })))
    await engine.advance('100ms')
    expect(engine.runs().map((r) => [r.status, r.waitingFor?.kind ?? null])).toEqual([
      ['running', null],
      ['running', null],
      ['pending', 'concurrency'],
      ['pending', 'concurrency'],
    ])
    await engine.runUntilIdle()
    expect(engine.runs().map((r) => [r.startedAt, r.completedAt])).toEqual([
      ['2026-04-01T08:00:00.000Z', '2026-04-01T08:00:00.200Z'],
      ['2026-04-01T08:00:00.000Z', '2026-04-01T08:00:00.200Z'],
      ['2026-04-01T08:00:00.200Z', '2026-04-01T08:00:00.400Z'],
      ['2026-04-01T08:00:00.200Z', '2026-04-01T08:00:00.400Z'],
    ])
  })

  it('fails the run of a bounced address alone, and still waits for and reports the others', async () => {
    await using engine = newEngine()
    const deliveries = await sendIssue(9, ['ada@example.com', 'nobody@example.invalid', 'grace@example.com'])
    expect(deliveries.map((d) => ('error' in d ? d.error : 'sent'))).toEqual([
      'sent',
      'The mailbox nobody@example.invalid does not exist',
      'sent',
    ])
    expect(engine.runs({ status: 'failed' })).toMatchObject([{ payload: { to: 'nobody@example.invalid' }, attempts: 1 }])
    expect(provider.sent.map((s) => s.to)).toEqual(['ada@example.com', 'grace@example.com'])
  })

  it('starts nothing new when the same issue is sent again: each item keeps its idempotency key', async () => {
    await using engine = newEngine()
    const first = await sendIssue(10, ['ada@example.com', 'alan@example.com'])
    const again = await sendIssue(10, ['ada@example.com', 'alan@example.com', 'grace@example.com'])
    expect(again.slice(0, 2)).toEqual(first)
    expect(engine.runs()).toHaveLength(3)
    expect(provider.sent.map((s) => s.to)).toEqual(['ada@example.com', 'alan@example.com', 'grace@example.com'])
  })
})
