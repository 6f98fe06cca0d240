import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { disconnectSignal } from './disconnect-signal.js'
import { applyLimits, closeIfUnread, serverOptions, type ListenerLimits } from './listener-limits.js'
import { writeWebBody } from './write-web-body.js'

/** A Web-standard handler: what `serve()` and the platform API are. */
export type FetchHandler = (request: Request) => Promise<Response> | Response

/**
 * Adapts a Web handler to `node:http` (and Express, which passes the same req/res).
 * The body is passed through as a stream; limits are the handler's business.
 *
 * @example
 * http.createServer(toNodeListener((req) => new Response('ok'))).listen(0, '127.0.0.1')
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(handler, req, res)
  }
}

async function handle(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const response = await handler(toRequest(req, res))
    res.statusCode = response.status
    response.headers.forEach((value, key) => res.setHeader(key, value))
    closeIfUnread(req, res)
    await writeWebBody(res, response.body)
  } catch (error) {
    if (!res.headersSent) {
      res.statusCode = 500
      res.setHeader('content-type', 'application/json')
    }
    res.end(JSON.stringify({ error: { code: 'INTERNAL', message: `Failed to handle the request: ${(error as Error)?.message ?? error}.` } }))
  }
}

/**
 * Builds a Web Request from a Node request (Express's `req.body`, if already parsed, is not used).
 * Its signal aborts when the client goes away before the answer is sent: pass `res` for that, as
 * a request whose body was read in full (every POST) only learns it from the response side.
 */
export function toRequest(req: IncomingMessage, res?: ServerResponse): Request {
  const host = req.headers.host ?? '127.0.0.1'
  const url = new URL(req.url ?? '/', `http://${host}`)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(url, {
    method,
    headers,
    signal: disconnectSignal(req, res),
    ...(hasBody ? { body: Readable.toWeb(req) as unknown as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit)
}

export interface Listening {
  /** e.g. http://127.0.0.1:53124 */
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

/**
 * Serves a Web handler on 127.0.0.1 (unless told otherwise) at the given port (0 = any free one),
 * with timeouts for slow clients and a connection cap (`limits`, listener-limits.ts).
 *
 * @example
 * const { url, close } = await listen(handler)
 */
export async function listen(handler: FetchHandler, options: { port?: number; host?: string; limits?: ListenerLimits } = {}): Promise<Listening> {
  const host = options.host ?? '127.0.0.1'
  const server = createServer(serverOptions(options.limits), toNodeListener(handler))
  applyLimits(server, options.limits)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
