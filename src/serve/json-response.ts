import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../protocol/version.js'

/** A JSON answer of `serve()`, with the protocol version header. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION),
      ...headers,
    },
  })
}

/** Every error answer of `serve()`: `{ error: { code, message } }`. */
export function errorResponse(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return jsonResponse(status, { error: { code, message } }, headers)
}
