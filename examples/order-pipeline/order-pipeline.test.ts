import { ValidationError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'
import { processOrder, sendEmail } from './tasks.js'

const order = {
  orderId: 'ord_1',
  email: 'ada@example.com',
  items: [
    { sku: 'book', quantity: 2, cents: 1500 },
    { sku: 'pen', quantity: 1, cents: 300 },
  ],
}

describe('the order pipeline', () => {
  it('charges once even when a stock reservation fails and the attempt is retried', async () => {
    await using engine = createTestEngine({ tasks: [processOrder, sendEmail] })
    engine.onStep(processOrder, 'reserve-pen').fail({ times: 1, error: new Error('stock service down') })
    const run = engine.trigger(processOrder, order)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ orderId: 'ord_1', chargeId: 'ch_ord_1_3300', total: 3300 })
    expect(run).toHaveAttempts(2)
    expect(engine.stepCalls(processOrder, 'charge')).toHaveLength(1)
    expect(engine.stepCalls(processOrder, 'reserve-book')).toHaveLength(1)
  })

  it('sends the confirmation at once and the follow-up a day later', async () => {
    await using engine = createTestEngine({ tasks: [processOrder, sendEmail], now: '2026-03-01T10:00:00Z' })
    const run = engine.trigger(processOrder, order)
    await engine.advance('1h')
    expect(engine.runs({ task: sendEmail }).map((r) => r.payload)).toEqual([{ to: 'ada@example.com', template: 'order-confirmed' }])
    expect(engine.run(run.id).waitingFor).toMatchObject({ kind: 'sleep', until: '2026-03-02T10:00:00.000Z' })
    await engine.advance('1 day')
    expect(run).toHaveCompleted()
    expect(run).toHaveSpawned(sendEmail, { to: 'ada@example.com', template: 'how-was-it' })
  })

  it('rejects an order that fails the schema before any run starts', async () => {
    await using engine = createTestEngine({ tasks: [processOrder, sendEmail] })
    expect(() => engine.trigger(processOrder, { ...order, email: 'not-an-email' })).toThrow(ValidationError)
    expect(engine.runs()).toEqual([])
  })
})
