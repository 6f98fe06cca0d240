import type { IncomingMessage, ServerResponse } from 'node:http'
import { serve } from '../serve/serve.js'
import type { ServeOptions } from '../serve/serve-options.js'
import { DEFAULT_BODY_LIMIT } from '../serve/serve-options.js'
import { disconnectSignal } from './disconnect-signal.js'
import { closeIfUnread } from './listener-limits.js'
import type { FetchHandler } from './node-http.js'

/** A `node:http` request listener that Express also accepts as a route handler. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

/** An Express request: `body` is set when a body parser ran before the handler. */
type MaybeParsed = IncomingMessage & { body?: unknown }

/**
 * Adapts `serve()`'s handlers to `node:http` and Express: GET and POST go to their handler,
 * other methods get 405. The Request's signal aborts when the client disconnects (a platform's
 * timeout or cancel), so task code sees `ctx.signal` abort. The body is read straight from the socket into one buffer (no Web
 * stream in between), stopping at `bodyLimit` (413). Mount it before any JSON body parser (the
 * signature covers the raw body); a body already read by `express.raw()` or `express.text()`
 * is used as is.
 *
 * @example
 * // node:http
 * http.createServer(toNodeHandler(serve({ tasks: [sendEmail] }))).listen(3000)
 * // Express
 * app.all('/api/tasks', toNodeHandler(serve({ tasks: [sendEmail] })))
 */
export function toNodeHandler(handlers: { GET?: FetchHandler; POST?: FetchHandler }, options: { bodyLimit?: number; bodyTimeoutMs?: number } = {}): NodeHandler {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000
  const route: FetchHandler = (request) => {
    const handler = request.method === 'GET' ? handlers.GET : request.method === 'POST' ? handlers.POST : undefined
    if (handler) return handler(request)
    const allow = ['GET', 'POST'].filter((m) => handlers[m as 'GET' | 'POST']).join(', ')
    return json(405, 'METHOD_NOT_ALLOWED', `Failed to handle ${request.method} ${new URL(request.url).pathname}: the tasks endpoint answers only ${allow}. Use one of those methods.`, { allow })
  }
  const toWeb = (req: IncomingMessage, res: ServerResponse, body: Uint8Array | undefined): Request =>
    new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`), { method: req.method ?? 'GET', headers: headersOf(req), signal: disconnectSignal(req, res), ...(body ? { body } : {}) })
  return (req, res, next) => {
    const send = (answer: Response | Promise<Response>): void => {
      Promise.resolve(answer).then(
        (response) => writeResponse(res, response),
        (error: unknown) => (next ? next(error) : writeResponse(res, json(500, 'INTERNAL', `Failed to handle the request: ${(error as Error)?.message ?? error}.`))),
      )
    }
    const parsed = (req as MaybeParsed).body
    if (parsed !== undefined && req.readableEnded) {
      // A body parser ran first and the stream is spent: use its bytes if it kept them raw.
      const bytes = typeof parsed === 'string' ? Buffer.from(parsed) : parsed instanceof Uint8Array ? parsed : undefined
      return send(bytes ? route(toWeb(req, res, bytes)) : json(500, 'BODY_ALREADY_PARSED', 'Failed to verify the request: a body parser (e.g. express.json()) consumed the raw body, which the signature covers. Mount the backlot handler before express.json(), or use express.raw({ type: "*/*" }) on its route.'))
    }
    if (req.method === 'GET' || req.method === 'HEAD') return send(route(toWeb(req, res, undefined)))
    readBody(req, limit, bodyTimeoutMs).then(
      (bytes) => {
        if (bytes === 'timeout') {
          return send(json(408, 'REQUEST_TIMEOUT', `Failed to read the request body: it did not arrive within ${bodyTimeoutMs} ms. Send the whole body at once; the platform retries the attempt.`))
        }
        if (bytes) return send(route(toWeb(req, res, bytes)))
        res.setHeader('connection', 'close')
        send(json(413, 'PAYLOAD_TOO_LARGE', `Failed to accept the request: its body is over the limit of ${limit} bytes. Keep payloads and step results small (store large data elsewhere and pass a reference), or raise the bodyLimit.`))
      },
      (error: unknown) => send(json(400, 'INVALID_BODY', `Failed to read the request body: ${(error as Error)?.message ?? error}. Send the whole body.`)),
    )
  }
}

/** The whole body, undefined once it passes `limit` bytes (the rest is discarded), or 'timeout' when it trickles in too slowly. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Uint8Array | undefined | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return new Promise<Uint8Array | undefined | 'timeout'>((resolve, reject) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      return resolve(undefined)
    }
    const chunks: Buffer[] = []
    let total = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return
      total += chunk.byteLength
      if (total > limit) {
        over = true
        chunks.length = 0
        return resolve(undefined)
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    })
    req.on('error', reject)
  }).finally(() => clearTimeout(timer))
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (key === 'content-length' || key === 'transfer-encoding') continue
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  return headers
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer())
  res.statusCode = response.status
  response.headers.forEach((value, key) => res.setHeader(key, value))
  closeIfUnread(res.req, res)
  res.end(body)
}

/**
 * `serve()` for `node:http` and Express in one call.
 *
 * @example
 * import { serveNode } from 'backlot/server'
 * http.createServer(serveNode({ tasks: [sendEmail] })).listen(3000)
 */
export function serveNode(options: ServeOptions): NodeHandler {
  return toNodeHandler(serve(options), options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit })
}

function json(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
}
