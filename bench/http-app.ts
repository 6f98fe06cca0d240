/** The app of bench/http-steps.ts in its own process: serve() on 127.0.0.1, URL on stdout. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveNode } from 'backlot/server'
import { benchTasks } from './http-tasks.js'

const server = createServer(serveNode({ tasks: [...benchTasks], signingKey: process.env.BACKLOT_SIGNING_KEY! }))
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
