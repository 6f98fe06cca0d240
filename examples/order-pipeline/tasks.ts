import { NonRetriableError, task } from 'backlot'
import { z } from 'zod'

/** Stand-ins for real services; tests replace them or mock the steps that call them. */
export const services = {
  async charge(orderId: string, cents: number): Promise<{ chargeId: string }> {
    return { chargeId: `ch_${orderId}_${cents}` }
  },
  async reserveStock(sku: string, quantity: number): Promise<{ reserved: number }> {
    return { reserved: quantity }
  },
  async send(to: string, template: string): Promise<{ messageId: string }> {
    return { messageId: `msg_${to}_${template}` }
  },
}

export const sendEmail = task({
  id: 'send-email',
  retry: { maxAttempts: 5, backoff: 'exponential', minDelay: '1s' },
  run: async ({ to, template }: { to: string; template: string }, { step }) => {
    return step.run('send', () => services.send(to, template))
  },
})

const Order = z.object({
  orderId: z.string().min(1),
  email: z.string().email(),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), cents: z.number().int().nonnegative() })).min(1),
})

/**
 * Charge, reserve stock, confirm by email, then a follow-up a day later. Every step is durable:
 * a retry after a failed reservation does not charge the card twice.
 */
export const processOrder = task({
  id: 'process-order',
  schema: Order,
  retry: { maxAttempts: 3, backoff: 'exponential', minDelay: '2s' },
  timeout: '30s',
  concurrency: 5,
  run: async (order, { step, log }) => {
    const total = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0)
    if (total === 0) throw new NonRetriableError(`Order ${order.orderId} has nothing to charge`)
    const { chargeId } = await step.run('charge', () => services.charge(order.orderId, total))
    for (const item of order.items) {
      await step.run(`reserve-${item.sku}`, () => services.reserveStock(item.sku, item.quantity))
    }
    await sendEmail.triggerAndWait({ to: order.email, template: 'order-confirmed' })
    log.info(`Order ${order.orderId} charged ${total} cents (${chargeId})`)
    await step.sleep('wait-a-day', process.env.ORDER_FOLLOW_UP ?? '1 day')
    await sendEmail.trigger({ to: order.email, template: 'how-was-it' })
    return { orderId: order.orderId, chargeId, total }
  },
})
