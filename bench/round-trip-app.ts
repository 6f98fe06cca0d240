/**
 * The app process of bench/http-round-trip.ts: serve() behind listen() on 127.0.0.1, and beside
 * it the floor, a bare node:http server that reads the body and answers `x-reply-bytes` bytes
 * (and `GET /cpu`: this process's CPU time).
 * Prints both URLs as one JSON line on stdout.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from 'backlot'
import { listen } from 'backlot/server'
import { roundTripTask } from './round-trip-task.js'

const app = await listen(serve({ tasks: [roundTripTask], signingKey: process.env.BACKLOT_SIGNING_KEY! }).fetch)
const bare = createServer((req, res) => {
  // This process's CPU time so far (µs), so the bench can tell work from waiting on a busy machine.
  if (req.url === '/cpu') return void res.end(JSON.stringify(process.cpuUsage()))
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    Buffer.concat(chunks)
    const reply = Buffer.alloc(Number(req.headers['x-reply-bytes'] ?? 0), 0x20)
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.byteLength })
    res.end(reply)
  })
})
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
process.stdout.write(`${JSON.stringify({ app: app.url, bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` })}\n`)
process.on('SIGTERM', () => {
  bare.closeAllConnections()
  bare.close()
  void app.close().then(() => process.exit(0))
})
