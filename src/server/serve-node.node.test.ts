import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SIGNATURE_HEADER, signRequest } from '../protocol/signing.js'
import { PROTOCOL_VERSION } from '../protocol/version.js'
import { task } from '../sdk/task.js'
import { createNodeFetch } from './node-fetch.js'
import { serveNode, type NodeHandler } from './serve-node.js'

const KEY = 'whsec_node_adapter'
const double = task({ id: 'node-double', run: async ({ n }: { n: number }, { step }) => step.run('double', () => n * 2) })
const raw = JSON.stringify({
  version: PROTOCOL_VERSION,
  requestId: 'req_node',
  now: Date.UTC(2026, 0, 1),
  invocation: { runId: 'run_node', taskId: 'node-double', attempt: 1, payload: { n: 21 }, journal: [], dispatched: [], createdAt: Date.UTC(2026, 0, 1) },
})

const open: Server[] = []
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function start(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(listener)
  open.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tasks`
}

async function post(url: string, body = raw, key = KEY): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: await signRequest(body, key) } })
}

/** What Express does with `app.post(path, parser, handler)`: run the parser, then call handler(req, res, next). */
function expressLike(handler: NodeHandler, parser?: 'json' | 'raw' | 'text'): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const next = (error?: unknown) => {
      res.statusCode = 599
      res.end(String(error))
    }
    if (!parser) return handler(req, res, next)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const buffer = Buffer.concat(chunks)
      const r = req as IncomingMessage & { body?: unknown }
      r.body = parser === 'raw' ? buffer : parser === 'text' ? buffer.toString('utf8') : JSON.parse(buffer.toString('utf8') || '{}')
      handler(req, res, next)
    })
  }
}

describe('serveNode / toNodeHandler', () => {
  it('serves the manifest and signed executions on plain node:http', async () => {
    const url = await start(serveNode({ tasks: [double], signingKey: KEY }))
    const manifest = (await (await fetch(url)).json()) as { tasks: { id: string }[] }
    expect(manifest.tasks.map((t) => t.id)).toEqual(['node-double'])
    const res = await post(url)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { outcome: { result: unknown } }).outcome.result).toBe(42)
  })

  it('answers 401 to a wrong signature and 405 to other methods on node:http', async () => {
    const url = await start(serveNode({ tasks: [double], signingKey: KEY }))
    expect((await post(url, raw, 'whsec_wrong')).status).toBe(401)
    const put = await fetch(url, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, POST')
    expect(((await put.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED')
  })

  it('answers 413 over the socket to a body over the limit', async () => {
    const url = await start(serveNode({ tasks: [double], signingKey: KEY, bodyLimit: 64 }))
    const res = await post(url)
    expect(res.status).toBe(413)
  })

  it('answers 413 to a chunked body over the limit, which declares no length', async () => {
    const url = await start(serveNode({ tasks: [double], signingKey: KEY, bodyLimit: 1_000 }))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(400).fill(32))
        controller.close()
      },
    })
    const res = await fetch(url, { method: 'POST', body, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('works as an Express route handler called with (req, res, next)', async () => {
    const url = await start(expressLike(serveNode({ tasks: [double], signingKey: KEY })))
    const res = await post(url)
    expect(res.status).toBe(200)
    expect((await fetch(url)).status).toBe(200)
  })

  it('uses a body already read by express.raw() or express.text()', async () => {
    for (const parser of ['raw', 'text'] as const) {
      const url = await start(expressLike(serveNode({ tasks: [double], signingKey: KEY }), parser))
      const res = await post(url)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { outcome: { result: unknown } }).outcome.result).toBe(42)
    }
  })

  it('explains how to mount it when express.json() consumed the raw body', async () => {
    const url = await start(expressLike(serveNode({ tasks: [double], signingKey: KEY }), 'json'))
    const res = await post(url)
    expect(res.status).toBe(500)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('BODY_ALREADY_PARSED')
    expect(error.message).toContain('before express.json()')
  })

  it('reaches serve() with createNodeFetch, keeping headers, body and status', async () => {
    const url = await start(serveNode({ tasks: [double], signingKey: KEY }))
    const nodeFetch = createNodeFetch()
    const res = await nodeFetch(new Request(url, { method: 'POST', body: raw, headers: { [SIGNATURE_HEADER]: await signRequest(raw, KEY) } }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(((await res.json()) as { outcome: { result: unknown } }).outcome.result).toBe(42)
    expect((await nodeFetch(new Request(url, { method: 'POST', body: raw }))).status).toBe(401)
    await expect(nodeFetch(new Request('http://127.0.0.1:1/', { method: 'GET' }))).rejects.toThrow(/fetch failed/)
  })
})
