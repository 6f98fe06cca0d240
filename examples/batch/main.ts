// Sends a newsletter issue to four subscribers with one batchTrigger on the embedded default
// engine (in this process, on the real clock), two sends at a time, and waits for every run:
//   npm run example -- batch
import { getTask } from 'backlot'
import { sendIssue } from './tasks.js'

const subscribers = ['ada@example.com', 'alan@example.com', 'nobody@example.invalid', 'grace@example.com']
const started = Date.now()
const deliveries = await sendIssue(1, subscribers)
const seconds = (iso: string | null) => (iso ? `+${((Date.parse(iso) - started) / 1000).toFixed(1)}s` : '—')

for (const delivery of deliveries) {
  const run = await getTask({}, delivery.runId)
  const outcome = 'messageId' in delivery ? `sent ${delivery.messageId}` : `failed: ${delivery.error}`
  console.log(`${delivery.runId} ${delivery.to.padEnd(24)} started ${seconds(run.startedAt)}, ended ${seconds(run.completedAt)}: ${outcome}`)
}
const sent = deliveries.filter((d) => 'messageId' in d).length
console.log(`${deliveries.length} runs, ${sent} sent, ${deliveries.length - sent} failed, all ended after ${((Date.now() - started) / 1000).toFixed(1)}s (2 at a time, 0.2s each)`)
