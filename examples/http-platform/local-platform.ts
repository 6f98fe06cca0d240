import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { connectApp, Engine, type Clock } from 'backlot/host'
import { listenPlatform, serveNode } from 'backlot/server'
import { processOrder, sendEmail } from '../order-pipeline/tasks.js'

/**
 * The app and the platform as two listeners on 127.0.0.1, as in production: the app exposes
 * `serve()`; the platform's engine runs every invocation by a signed POST to it; the SDK
 * reaches the platform with the HTTP transport.
 */
export async function startLocalPlatform(options: { clock?: Clock; drive?: (engine: Engine) => (runId: string) => Promise<void> } = {}) {
  const signingKey = 'whsec_local_demo'
  const secretKey = 'sk_local_demo'

  const app = http.createServer(serveNode({ tasks: [processOrder, sendEmail], signingKey }))
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/tasks`

  const engine = new Engine(options.clock ? { clock: options.clock } : {})
  await connectApp(engine, { url: appUrl, signingKey })
  const platform = await listenPlatform({ engine, secretKeys: [secretKey], ...(options.drive ? { drive: options.drive(engine) } : {}) })

  return {
    engine,
    appUrl,
    config: { baseUrl: platform.url, secretKey, ref: 'local' },
    async close() {
      await platform.close()
      engine.dispose()
      app.closeAllConnections()
      await new Promise<void>((resolve) => app.close(() => resolve()))
    },
  }
}
