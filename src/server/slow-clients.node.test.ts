import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine/engine.js'
import { serve } from '../serve/serve.js'
import { task } from '../sdk/task.js'
import { listen, type Listening } from './node-http.js'
import { listenPlatform } from './platform-server.js'
import { toNodeHandler } from './serve-node.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A raw TCP client: what it received, and when (if) the server closed the connection, within `waitMs`. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  let received = ''
  socket.on('data', (d: Buffer) => (received += d.toString()))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  cleanups.push(() => void socket.destroy())
  return {
    socket,
    received: () => received,
    /** True if the server closed the connection within `waitMs` real ms. */
    closedWithin: (waitMs: number) => Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), waitMs))]),
  }
}

/** Writes a byte every 40 ms, for ever (until the socket closes). */
function trickle(socket: Socket): void {
  const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('x')), 40)
  cleanups.push(() => clearInterval(timer))
}

/** Sends `head` (request line, headers, maybe a first piece of body), then trickles; the server must answer `status` and close. */
async function expectCutOff(port: number, head: string, status: RegExp): Promise<void> {
  const client = rawClient(port)
  client.socket.write(head)
  trickle(client.socket)
  expect(await client.closedWithin(3_000)).toBe(true)
  expect(client.received()).toMatch(status)
}

async function listening(limits: Parameters<typeof listen>[1]): Promise<Listening> {
  const server = await listen(async (req) => new Response(await req.text()), limits)
  cleanups.push(() => server.close())
  return server
}

describe('Node listeners and slow clients', () => {
  it('closes a request whose body trickles in past the request timeout', async () => {
    const server = await listening({ limits: { requestTimeoutMs: 300, headersTimeoutMs: 200 } })
    await expectCutOff(server.port, 'POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 1000\r\n\r\n', /^HTTP\/1\.1 408/)
  })

  it('closes the connection after a 401 instead of draining the rest of the body', async () => {
    const engine = new Engine({ retention: false })
    cleanups.push(() => engine.dispose())
    const platform = await listenPlatform({ engine, secretKeys: ['sk_right'] })
    cleanups.push(() => platform.close())
    await expectCutOff(platform.port, 'POST /api/v1/tasks/x/trigger HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer sk_wrong\r\ncontent-length: 100000\r\n\r\n{"pay', /^HTTP\/1\.1 401/)
  })

  it('refuses connections past maxConnections at once', async () => {
    const server = await listening({ limits: { maxConnections: 2 } })
    const held = [rawClient(server.port), rawClient(server.port)]
    await new Promise((r) => setTimeout(r, 50))
    const third = rawClient(server.port)
    expect(await third.closedWithin(2_000)).toBe(true)
    for (const client of held) expect(client.socket.destroyed).toBe(false)
  })

  it('answers 408 when a body trickles into toNodeHandler past bodyTimeoutMs, and closes the connection', async () => {
    const t = task({ id: 'slow-body', run: async () => 1 })
    const server: Server = createServer(toNodeHandler(serve({ tasks: [t], dev: true }), { bodyTimeoutMs: 200 }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))))
    await expectCutOff((server.address() as AddressInfo).port, 'POST /api/tasks HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 1000\r\n\r\n', /^HTTP\/1\.1 408[\s\S]*REQUEST_TIMEOUT/)
  })
})
