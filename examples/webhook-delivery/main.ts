// Delivers two webhooks on the embedded default engine (in this process, on the real clock) to a
// customer endpoint listening on 127.0.0.1: the first is rate-limited once (429, Retry-After: 1),
// the second is rejected for good (410):
//   npm run example -- webhook-delivery
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getTask, TaskRunFailedError } from 'backlot'
import { deliverWebhook } from './tasks.js'

const started = Date.now()
const elapsed = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`

let hooksCalls = 0
const customer = http.createServer((request, response) => {
  const answer = request.url === '/gone' ? 410 : ++hooksCalls === 1 ? 429 : 200
  console.log(`${elapsed()} endpoint got ${request.url} attempt ${request.headers['webhook-attempt']}: answers ${answer}`)
  response.writeHead(answer, answer === 429 ? { 'retry-after': '1' } : {}).end()
})
await new Promise<void>((resolve) => customer.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(customer.address() as AddressInfo).port}`

try {
  const paid = await deliverWebhook.trigger({ endpoint: `${base}/hooks`, id: 'evt_1', type: 'invoice.paid', data: { invoiceId: 'in_1' } })
  const gone = await deliverWebhook.trigger({ endpoint: `${base}/gone`, id: 'evt_2', type: 'invoice.paid', data: { invoiceId: 'in_2' } })
  for (const handle of [paid, gone]) {
    const outcome = await handle.waitForCompletion().then(
      (result) => `delivered ${JSON.stringify(result)}`,
      (error: unknown) => (TaskRunFailedError.is(error) ? `failed: ${error.error.name}: ${error.error.message}` : String(error)),
    )
    const run = await getTask({}, handle.id)
    console.log(`${elapsed()} ${handle.id} ${run.status} after ${run.attempts} attempt(s): ${outcome}`)
  }
} finally {
  customer.close()
}
