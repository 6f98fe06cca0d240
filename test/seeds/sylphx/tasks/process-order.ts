// seed 000, "Retries", verbatim but for the import paths.
import { task } from 'backlot'
import { chargeAndFulfill } from '../lib/stubs.js'

export const processOrder = task({
  id: 'process-order',
  retry: {
    maxAttempts: 3,
    backoff: 'exponential',
  },
  run: async ({ orderId }) => {
    await chargeAndFulfill(orderId)
  },
})
