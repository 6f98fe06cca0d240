// seed 000, "Retries", verbatim but for the import paths and the payload's type annotation
// (backlot infers the payload type from `run`; see send-email-durable.ts).
import { task } from 'backlot'
import { chargeAndFulfill } from '../lib/stubs.js'

export const processOrder = task({
  id: 'process-order',
  retry: {
    maxAttempts: 3,
    backoff: 'exponential',
  },
  run: async ({ orderId }: { orderId: string }) => {
    await chargeAndFulfill(orderId)
  },
})
