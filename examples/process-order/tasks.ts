import { NonRetriableError, task } from 'backlot'

/** The payment provider's answer for a card it will never charge: retrying cannot help. */
export class CardDeclinedError extends Error {
  override name = 'CardDeclinedError'
}

/** A stand-in payment provider; `tok_declined` is a card it always declines. */
export const payments = {
  charges: [] as { orderId: string; cents: number }[],
  async charge(orderId: string, card: string, cents: number): Promise<{ chargeId: string }> {
    if (card === 'tok_declined') throw new CardDeclinedError(`card ${card} was declined`)
    payments.charges.push({ orderId, cents })
    return { chargeId: `ch_${orderId}` }
  },
}

/** A stand-in warehouse API; `outages` makes its next calls for an order fail as a 503 would. */
export const warehouse = {
  outages: new Map<string, number>(),
  shipped: [] as string[],
  async ship(orderId: string): Promise<{ trackingId: string }> {
    const left = warehouse.outages.get(orderId) ?? 0
    if (left > 0) {
      warehouse.outages.set(orderId, left - 1)
      throw new Error('warehouse API answered 503 Service Unavailable')
    }
    warehouse.shipped.push(orderId)
    return { trackingId: `trk_${orderId}` }
  },
}

export interface Order {
  orderId: string
  card: string
  cents: number
}

/** Charges the card, turning a decline into a NonRetriableError: a retry would be declined again. */
async function charge({ orderId, card, cents }: Order): Promise<{ chargeId: string }> {
  try {
    return await payments.charge(orderId, card, cents)
  } catch (error) {
    if (error instanceof CardDeclinedError) throw new NonRetriableError(`Order ${orderId} cannot be paid: ${error.message}`, { cause: error })
    throw error
  }
}

// Seed 000's retry policy: three attempts in all, 1 s then 2 s apart (the exponential defaults).
export const processOrder = task({
  id: 'process-order',
  retry: { maxAttempts: 3, backoff: 'exponential' },
  run: async (order: Order, { step }) => {
    const { chargeId } = await step.run('charge', () => charge(order))
    const { trackingId } = await step.run('fulfill', () => warehouse.ship(order.orderId))
    return { orderId: order.orderId, chargeId, trackingId }
  },
})
