import { configure, getTask, resetConfiguration } from 'backlot'
import { VirtualClock } from 'backlot/host'
import { afterEach, describe, expect, it } from 'vitest'
import { TimeDriver } from 'backlot/testing'
import { processOrder } from '../order-pipeline/tasks.js'
import { startLocalPlatform } from './local-platform.js'

describe('the order pipeline over HTTP', () => {
  afterEach(() => resetConfiguration())

  it('runs the same task code through a platform and an app on separate listeners', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const local = await startLocalPlatform({ clock, drive: (engine) => (runId) => new TimeDriver(engine, clock, { isParked: () => false }).untilEnded(runId) })
    try {
      configure(local.config)
      const handle = await processOrder.trigger({ orderId: 'ord_9', email: 'ada@example.com', items: [{ sku: 'lamp', quantity: 2, cents: 1000 }] })
      expect(await handle.waitForCompletion()).toEqual({ orderId: 'ord_9', chargeId: 'ch_ord_9_2000', total: 2000 })
      const run = await getTask(local.config, handle.id)
      expect(run.steps.map((s) => s.key)).toEqual(['charge', 'reserve-lamp', 'triggerAndWait:send-email', 'wait-a-day', 'trigger:send-email'])
      expect(run.children).toHaveLength(2)
      expect(new Date(run.completedAt!).getTime() - new Date(run.createdAt).getTime()).toBe(86_400_000)
    } finally {
      await local.close()
    }
  })
})
