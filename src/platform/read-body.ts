import type * as z from 'zod/mini'
import { describeZodIssues } from '../protocol/api-error.js'
import { ApiError } from './api-error.js'
import { readBodyWithLimit } from '../protocol/read-body.js'
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../model/json.js'

/**
 * Reads a JSON request body of at most `maxBytes` (413 past it, before the whole body is read),
 * then checks it against `schema` (400 with each issue). An empty body reads as `{}` when `optional`.
 */
export async function readJsonBody<S extends z.ZodMiniType>(request: Request, schema: S, maxBytes: number, optional = false): Promise<z.infer<S>> {
  const text = await readText(request, maxBytes)
  let value: unknown = {}
  if (text.trim() === '') {
    if (!optional) throw new ApiError(400, 'INVALID_JSON', 'Failed to read the request body: it is empty. Send a JSON object as described in docs/protocol.md.')
  } else {
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new ApiError(400, 'INVALID_JSON', `Failed to read the request body: it is not valid JSON (${(error as Error).message}). Send a JSON object with content-type application/json.`)
    }
  }
  if (jsonDepthExceeds(value, MAX_JSON_DEPTH + ENVELOPE_DEPTH)) {
    throw new ApiError(400, 'INVALID_JSON', `Failed to read the request body: it nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep. Flatten the payload (e.g. a list with parent ids instead of a deep tree).`)
  }
  return parseWith(schema, value, 'the request body')
}

/** Levels a body adds around a payload (`items[i].payload`); the payload's own depth is checked with it. */
const ENVELOPE_DEPTH = 8

/** Checks a value against a schema; a mismatch is a 400 INVALID_REQUEST naming each issue. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value, { reportInput: true })
  if (parsed.success) return parsed.data
  throw new ApiError(400, 'INVALID_REQUEST', `Failed to accept ${what}: ${describeZodIssues(parsed.error)}. See docs/protocol.md for its shape.`)
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes))
}

/** The raw body of at most `maxBytes` (413 past it, before the whole body is read). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const read = await readBodyWithLimit(request, maxBytes)
  if (!read.ok) throw tooLarge(maxBytes)
  return read.bytes
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', `Failed to read the request body: it is larger than the limit of ${maxBytes} bytes. Send a smaller payload, or store large data elsewhere and pass a reference.`)
}

/** A URL's search params as a plain object (the last value of a repeated key wins). */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {}
  params.forEach((value, key) => (out[key] = value))
  return out
}
