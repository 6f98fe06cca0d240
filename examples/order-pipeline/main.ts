// Runs one order through the pipeline on the embedded in-memory engine (the real clock):
//   npm run example
import { getTask } from 'backlot'
import { processOrder } from './tasks.js'

process.env.ORDER_FOLLOW_UP ??= '1s' // a day is long for a demo; the test runs the real day on a virtual clock

const started = Date.now()
const seconds = (iso: string | null) => (iso ? `+${((Date.parse(iso) - started) / 1000).toFixed(1)}s` : '—')
const handle = await processOrder.trigger({
  orderId: 'ord_1001',
  email: 'ada@example.com',
  items: [
    { sku: 'book', quantity: 2, cents: 1500 },
    { sku: 'pen', quantity: 1, cents: 300 },
  ],
})
console.log(`triggered ${handle.id}; waiting for it (it sleeps ${process.env.ORDER_FOLLOW_UP} before the follow-up)…`)
const result = await handle.waitForCompletion()
const run = await getTask({}, handle.id)
console.log('result:', result)
console.log(`status: ${run.status}, attempts: ${run.attempts}, children: ${run.children.length}`)
for (const step of run.steps) console.log(`  ${seconds(step.completedAt)} step ${step.key.padEnd(28)} ${step.status}`)
for (const line of run.logs) console.log(`  ${seconds(line.at)} log  [${line.level}] ${line.message}`)
