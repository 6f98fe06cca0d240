// Simulates an hour of the fan-out cron on a virtual clock, offline, in milliseconds:
//   npx tsx examples/email-fan-out/main.ts
import { createTestEngine } from 'backlot/testing'
import { outbox, sendEmail, sendEmails } from './tasks.js'

const engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:00:00Z' })
outbox.pending.push({ id: 'e1', to: 'ada@example.com' }, { id: 'e2', to: 'alan@example.com' })
await engine.advance('20 minutes')
outbox.pending.push({ id: 'e3', to: 'grace@example.com' })
await engine.advance('40 minutes')

for (const parent of engine.runs({ task: sendEmails })) {
  console.log(`${parent.scheduledAt} ${parent.id} ${parent.status} dispatched=${(parent.result as { dispatched: number }).dispatched}`)
  for (const child of engine.children(parent.id)) console.log(`  └─ ${child.id} ${child.taskId} ${JSON.stringify(child.payload)} ${child.status}`)
}
console.log('delivered:', outbox.delivered.join(', '))
engine.dispose()
