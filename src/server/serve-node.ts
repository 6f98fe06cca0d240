import type { IncomingMessage, ServerResponse } from 'node:http'
import { serve } from '../serve/serve.js'
import type { ServeOptions } from '../serve/serve-options.js'
import { toNodeListener, type FetchHandler } from './node-http.js'

/** A `node:http` request listener that Express also accepts as a route handler. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

/** An Express request: `body` is set when a body parser ran before the handler. */
type MaybeParsed = IncomingMessage & { body?: unknown }

/**
 * Adapts `serve()`'s handlers to `node:http` and Express: GET and POST go to their handler,
 * other methods get 405. Mount it before any JSON body parser (the signature covers the raw
 * body); a body already read by `express.raw()` or `express.text()` is used as is.
 *
 * @example
 * // node:http
 * http.createServer(toNodeHandler(serve({ tasks: [sendEmail] }))).listen(3000)
 * // Express
 * app.all('/api/tasks', toNodeHandler(serve({ tasks: [sendEmail] })))
 */
export function toNodeHandler(handlers: { GET?: FetchHandler; POST?: FetchHandler }): NodeHandler {
  const route: FetchHandler = (request) => {
    const handler = request.method === 'GET' ? handlers.GET : request.method === 'POST' ? handlers.POST : undefined
    if (handler) return handler(request)
    const allow = ['GET', 'POST'].filter((m) => handlers[m as 'GET' | 'POST']).join(', ')
    return json(405, 'METHOD_NOT_ALLOWED', `Failed to handle ${request.method} ${new URL(request.url).pathname}: the tasks endpoint answers only ${allow}. Use one of those methods.`, { allow })
  }
  const streamed = toNodeListener(route)
  return (req, res, next) => {
    const body = (req as MaybeParsed).body
    if (body === undefined || !req.readableEnded) return streamed(req, res)
    // A body parser ran first and the stream is spent: use its bytes if it kept them raw.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? body : undefined
    const answer = bytes
      ? route(new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`), { method: req.method ?? 'POST', headers: headersOf(req), ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: bytes }) }))
      : json(500, 'BODY_ALREADY_PARSED', 'Failed to verify the request: a body parser (e.g. express.json()) consumed the raw body, which the signature covers. Mount the backlot handler before express.json(), or use express.raw({ type: "*/*" }) on its route.')
    Promise.resolve(answer).then(
      (response) => writeResponse(res, response),
      (error: unknown) => (next ? next(error) : writeResponse(res, json(500, 'INTERNAL', `Failed to handle the request: ${(error as Error)?.message ?? error}.`))),
    )
  }
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
  return toNodeHandler(serve(options))
}

function json(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
}
