// A sign-up and a receipt on a virtual clock, so the one-minute cooldown and the one-hour delay
// take no real time; the printed times are the engine's:
//   npm run example -- send-email
import { getTask } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { mailer, onSignUp, sendEmail } from './tasks.js'

const engine = createTestEngine({ tasks: [sendEmail], now: '2026-06-01T09:00:00Z' }).use()
const time = (iso: string | null | undefined) => iso?.slice(11, 19) ?? '—'

const { welcome, followUp } = await onSignUp('Ada@Example.com')
console.log(`${time(engine.now().toISOString())} signed up: welcome ${welcome}, follow-up ${followUp} (delayed 1h)`)

// triggerAndWait blocks until the run ends; on this engine, waiting moves virtual time.
const receipt = await sendEmail.triggerAndWait({ to: 'grace@example.com', subject: 'Your receipt' })
console.log(`${time(engine.now().toISOString())} receipt sent as ${receipt.messageId} (triggerAndWait)`)

await engine.runUntilIdle()
for (const { id } of engine.runs({ task: sendEmail })) {
  const run = await getTask({}, id)
  const { subject } = run.payload as { subject: string }
  const cooldown = run.steps.find((s) => s.name === 'cooldown')
  console.log(`${id} "${subject}": created ${time(run.createdAt)}, started ${time(run.startedAt)}, cooldown until ${time(cooldown?.until)}, ${run.status} ${time(run.completedAt)}`)
}
console.log('mailer sent:', mailer.sent.map((m) => `${m.messageId} → ${m.to} "${m.subject}"`).join('; '))
engine.dispose()
