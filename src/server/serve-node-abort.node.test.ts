import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../protocol/version.js'
import { serve } from '../serve/serve.js'
import { task } from '../sdk/task.js'
import { toNodeListener } from './node-http.js'
import { serveNode, toNodeHandler } from './serve-node.js'

const open: Server[] = []
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A task whose handler waits for its signal, then says how it ended. */
function watcher() {
  let started!: () => void
  let ended!: (how: string) => void
  const seen = { started: new Promise<void>((r) => (started = r)), ended: new Promise<string>((r) => (ended = r)) }
  const t = task({
    id: 'node-abort-watcher',
    run: (_: unknown, ctx) =>
      new Promise<void>((resolve) => {
        started()
        const timer = setTimeout(() => (ended('ran to the end'), resolve()), 3_000)
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer)
          ended('aborted')
          resolve()
        }, { once: true })
      }),
  })
  return { t, seen }
}

function body(taskId: string): string {
  return JSON.stringify({
    version: PROTOCOL_VERSION,
    requestId: 'req_abort',
    now: Date.UTC(2026, 0, 1),
    invocation: { runId: 'run_abort', taskId, attempt: 1, payload: null, journal: [], dispatched: [], createdAt: Date.UTC(2026, 0, 1) },
  })
}

/** POSTs on 127.0.0.1, and closes the connection as soon as task code has started. */
async function postThenDisconnect(listener: Parameters<typeof createServer>[1], taskId: string, started: Promise<void>): Promise<void> {
  const server = createServer(listener)
  open.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const req = httpRequest({ host: '127.0.0.1', port, path: '/api/tasks', method: 'POST', headers: { 'content-type': 'application/json' } })
  req.on('error', () => {})
  req.end(body(taskId))
  await started
  req.destroy()
}

describe('Node adapters: a client that goes away aborts task code', () => {
  it('serveNode aborts ctx.signal when the platform closes the connection', async () => {
    const { t, seen } = watcher()
    await postThenDisconnect(serveNode({ tasks: [t], dev: true }), t.id, seen.started)
    expect(await seen.ended).toBe('aborted')
  })

  it('toNodeHandler (Express) aborts ctx.signal when the platform closes the connection', async () => {
    const { t, seen } = watcher()
    await postThenDisconnect(toNodeHandler(serve({ tasks: [t], dev: true })), t.id, seen.started)
    expect(await seen.ended).toBe('aborted')
  })

  it('toNodeListener aborts ctx.signal when the platform closes the connection', async () => {
    const { t, seen } = watcher()
    await postThenDisconnect(toNodeListener(serve({ tasks: [t], dev: true }).fetch), t.id, seen.started)
    expect(await seen.ended).toBe('aborted')
  })
})
