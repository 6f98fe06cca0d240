// Three orders on a virtual clock: one goes through, one meets a warehouse outage and is retried
// with exponential backoff, one has a declined card and fails at once. Printed times are the engine's:
//   npm run example -- process-order
import { getTask, TaskRunFailedError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { payments, processOrder, warehouse } from './tasks.js'

const engine = createTestEngine({ tasks: [processOrder], now: '2026-03-02T12:00:00Z' }).use()
const time = (iso: string | null | undefined) => iso?.slice(11, 19) ?? '—'

warehouse.outages.set('ord_2', 2)
const orders = [
  { orderId: 'ord_1', card: 'tok_visa', cents: 1500 },
  { orderId: 'ord_2', card: 'tok_visa', cents: 4200 },
  { orderId: 'ord_3', card: 'tok_declined', cents: 990 },
]
const handles = await Promise.all(orders.map((order) => processOrder.trigger(order)))

for (const handle of handles) {
  const outcome = await handle.waitForCompletion().then(
    (result) => `completed: ${JSON.stringify(result)}`,
    (error: unknown) => (TaskRunFailedError.is(error) ? `failed: ${error.error.name}: ${error.error.message}` : String(error)),
  )
  const run = await getTask({}, handle.id)
  console.log(`${(run.payload as { orderId: string }).orderId} ${outcome}`)
  for (const attempt of engine.attempts(handle.id)) {
    const retry = attempt.retryAt ? `, retry at ${time(attempt.retryAt)}` : ''
    console.log(`  attempt ${attempt.attempt} at ${time(attempt.startedAt)} ${attempt.status}${attempt.error ? ` (${attempt.error.message})` : ''}${retry}`)
  }
}
console.log(`charges: ${payments.charges.map((c) => `${c.orderId} ${c.cents}¢`).join(', ')} (ord_2 charged once over its three attempts)`)
engine.dispose()
