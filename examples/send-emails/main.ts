// An hour of the fan-out cron on a virtual clock, offline, in milliseconds; the printed times
// are the engine's:
//   npm run example -- send-emails
import { createTestEngine } from 'backlot/testing'
import { outbox, sendEmail, sendEmails } from './tasks.js'

const engine = createTestEngine({ tasks: [sendEmails, sendEmail], now: '2026-05-04T09:00:00Z' })
const time = (iso: string | null | undefined) => iso?.slice(11, 19) ?? '—'

outbox.add({ id: 'e1', to: 'ada@example.com' }, { id: 'e2', to: 'alan@example.com' })
await engine.advance('20 minutes')
outbox.add({ id: 'e3', to: 'grace@example.com' })
await engine.advance('40 minutes')

for (const parent of engine.runs({ task: sendEmails })) {
  console.log(`${time(parent.scheduledAt)} ${parent.id} ${parent.status}: ${engine.logs(parent.id).map((l) => l.message).join('; ')}`)
  for (const child of engine.children(parent.id)) {
    console.log(`  └─ ${child.id} ${child.taskId} ${JSON.stringify(child.payload)} ${child.status} at ${time(child.completedAt)}: ${child.logs.map((l) => l.message).join('; ')}`)
  }
}
console.log('outbox:', [...outbox.emails.values()].map((e) => `${e.id} ${e.status}`).join(', '))
engine.dispose()
