// The same task code as examples/order-pipeline, run against a platform over the signed HTTP
// protocol: the app and the platform each listen on 127.0.0.1. Offline, real clock:
//   npm run example -- http-platform
import { configure, getTask } from 'backlot'
import { processOrder } from '../order-pipeline/tasks.js'
import { startLocalPlatform } from './local-platform.js'

process.env.ORDER_FOLLOW_UP ??= '1s'
const local = await startLocalPlatform()
configure(local.config)
try {
  const handle = await processOrder.trigger({ orderId: 'ord_2002', email: 'grace@example.com', items: [{ sku: 'lamp', quantity: 1, cents: 4200 }] })
  console.log(`triggered ${handle.id} at ${local.config.baseUrl}; the platform calls the app at ${local.appUrl}`)
  console.log('result:', await handle.waitForCompletion())
  const run = await getTask(local.config, handle.id)
  console.log(`status: ${run.status}; steps: ${run.steps.map((s) => s.key).join(', ')}; children: ${run.children.length}`)
  console.log(`created ${run.createdAt}, completed ${run.completedAt} (the follow-up slept ${process.env.ORDER_FOLLOW_UP} on the platform's real clock)`)
} finally {
  await local.close()
}
