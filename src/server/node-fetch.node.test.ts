import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeFetch } from './node-fetch.js'

const open: Server[] = []
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A keep-alive server on 127.0.0.1 that reads each request in full, then drops the connection of every second one unanswered. */
async function flakyServer(): Promise<{ url: string; received: string[] }> {
  const received: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push(`${req.method} ${Buffer.concat(chunks).toString()}`)
      if (received.length % 2 === 0) req.socket.destroy()
      else res.end('ok')
    })
  })
  open.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received }
}

describe('createNodeFetch', () => {
  it('does not send a POST again when the connection breaks after the app received it', async () => {
    const { url, received } = await flakyServer()
    const fetch = createNodeFetch({ maxSockets: 1 })
    expect((await fetch(new Request(url, { method: 'POST', body: 'first' }))).status).toBe(200)
    await expect(fetch(new Request(url, { method: 'POST', body: 'second' }))).rejects.toThrow(/fetch failed/)
    expect(received).toEqual(['POST first', 'POST second'])
  })

  it('sends an idempotent GET again once when its kept-alive socket breaks', async () => {
    const { url, received } = await flakyServer()
    const fetch = createNodeFetch({ maxSockets: 1 })
    expect((await fetch(new Request(url))).status).toBe(200)
    expect((await fetch(new Request(url))).status).toBe(200)
    expect(received).toEqual(['GET ', 'GET ', 'GET '])
  })
})
