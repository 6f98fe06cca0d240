import { NonRetriableError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { payments, processOrder, warehouse } from './tasks.js'

const START = '2026-03-02T12:00:00Z'
const order = { orderId: 'ord_1', card: 'tok_visa', cents: 4200 }

describe('processing an order', () => {
  beforeEach(() => {
    payments.charges.length = 0
    warehouse.outages.clear()
    warehouse.shipped.length = 0
  })

  it('retries a warehouse outage after 1 s, then 2 s, and charges the card once', async () => {
    await using engine = createTestEngine({ tasks: [processOrder], now: START })
    warehouse.outages.set('ord_1', 2)
    const run = engine.trigger(processOrder, order)

    await engine.advance('999ms')
    expect(run).toHaveStatus('pending')
    expect(run.record().waitingFor).toEqual({ kind: 'retry', until: '2026-03-02T12:00:01.000Z' })

    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ orderId: 'ord_1', chargeId: 'ch_ord_1', trackingId: 'trk_ord_1' })
    expect(engine.attempts(run).map((a) => [a.startedAt, a.status, a.retryAt])).toEqual([
      ['2026-03-02T12:00:00.000Z', 'failed', '2026-03-02T12:00:01.000Z'],
      ['2026-03-02T12:00:01.000Z', 'failed', '2026-03-02T12:00:03.000Z'],
      ['2026-03-02T12:00:03.000Z', 'completed', undefined],
    ])
    expect(payments.charges).toEqual([{ orderId: 'ord_1', cents: 4200 }])
    expect(engine.stepCalls(processOrder, 'fulfill')).toHaveLength(3)
  })

  it('fails with the last error when the outage outlasts the three attempts', async () => {
    await using engine = createTestEngine({ tasks: [processOrder], now: START })
    warehouse.outages.set('ord_1', 5)
    const run = engine.trigger(processOrder, order)
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith('warehouse API answered 503 Service Unavailable')
    expect(run).toHaveAttempts(3)
    expect(run.record().completedAt).toBe('2026-03-02T12:00:03.000Z')
    expect(warehouse.shipped).toEqual([])
  })

  it('fails at once, with no retry and nothing shipped, when the card is declined', async () => {
    await using engine = createTestEngine({ tasks: [processOrder], now: START })
    const run = engine.trigger(processOrder, { ...order, card: 'tok_declined' })
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith(NonRetriableError)
    expect(run).toHaveFailedWith('Order ord_1 cannot be paid: card tok_declined was declined')
    expect(run).toHaveAttempts(1)
    expect(engine.attempts(run).map((a) => [a.status, a.retryAt])).toEqual([['failed', undefined]])
    expect(run).not.toHaveRunStep('fulfill')
    expect(engine.now().toISOString()).toBe('2026-03-02T12:00:00.000Z')
  })
})
