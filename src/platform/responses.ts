import { API_HEADERS, API_VERSION } from '../protocol/api-version.js'
import { describeFailure } from './api-error.js'

const JSON_TYPE = 'application/json; charset=utf-8'

/** A JSON response carrying the API version header. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_TYPE, [API_HEADERS.apiVersion]: String(API_VERSION), ...headers },
  })
}

/** The `{ error: { code, message } }` response for anything a route threw. */
export function errorResponse(error: unknown): Response {
  const { status, code, message, headers } = describeFailure(error)
  return jsonResponse(status, { error: { code, message } }, headers)
}
