import { describeIssues } from '../errors/describe-issues.js'
import { SignatureError } from '../errors/signature-error.js'
import { UnknownTaskError } from '../errors/input-errors.js'
import { realNow } from '../model/real-timers.js'
import type { ExecutionResponseBody } from '../protocol/execution.js'
import { parseExecutionRequest } from '../protocol/parse-execution-request.js'
import type { ReplayCache } from '../protocol/replay-cache.js'
import { SIGNATURE_HEADER, verifySignature } from '../protocol/signing.js'
import { PROTOCOL_VERSION } from '../protocol/version.js'
import { executeRun } from '../runner/execute-run.js'
import type { AnyTask } from '../sdk/task-types.js'
import { errorResponse, jsonResponse } from './json-response.js'
import { readBodyWithLimit } from '../protocol/read-body.js'
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../model/json.js'
import type { ServeSecurity } from './serve-options.js'

export interface ExecutionContext {
  tasks: ReadonlyMap<string, AnyTask>
  security: ServeSecurity
  bodyLimit: number
  toleranceSeconds?: number
  replayCache: ReplayCache
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * `POST`: authenticate, validate, then run ONE invocation through the runner and answer with
 * its outcome. Every refusal happens before anything runs, and leaves no trace but a 4xx.
 */
export async function handleExecution(request: Request, ctx: ExecutionContext): Promise<Response> {
  const receivedAt = realNow()
  const { security } = ctx
  if (!security.dev && !security.signingKey) {
    return errorResponse(500, 'SIGNING_KEY_MISSING', 'Failed to accept the request: this app has no signing key, so it cannot check that the request comes from the platform. Set the BACKLOT_SIGNING_KEY environment variable (or pass serve({ signingKey })) to the platform\'s signing key. For local development only, set BACKLOT_DEV=1 or serve({ dev: true }) to turn verification off.')
  }
  if (request.bodyUsed || request.body?.locked) {
    return errorResponse(500, 'BODY_ALREADY_READ', 'Failed to verify the request: its body was already read before serve() got it (e.g. by a middleware calling c.req.json() or request.text()), and the signature covers the raw body. Mount the backlot handler before any middleware that reads the body, or pass it an unread request (request.clone() before reading).')
  }
  const read = await readBodyWithLimit(request, ctx.bodyLimit)
  if (!read.ok) {
    return errorResponse(413, 'PAYLOAD_TOO_LARGE', `Failed to accept the request: its body is over the limit of ${ctx.bodyLimit} bytes. Keep payloads and step results small (store large data elsewhere and pass a reference), or raise serve({ bodyLimit }).`)
  }
  if (!security.dev) {
    try {
      await verifySignature(read.bytes, request.headers.get(SIGNATURE_HEADER), {
        signingKey: security.signingKey!,
        ...(security.signingKeyFallback === undefined ? {} : { signingKeyFallback: security.signingKeyFallback }),
        ...(ctx.toleranceSeconds === undefined ? {} : { toleranceSeconds: ctx.toleranceSeconds }),
        replayCache: ctx.replayCache,
      })
    } catch (error) {
      if (SignatureError.is(error)) {
        if (error.code === 'REPLAY_CACHE_FULL') return errorResponse(503, error.code, error.message, { 'retry-after': '1' })
        return errorResponse(401, error.code, error.message)
      }
      throw error
    }
  }
  let json: unknown
  try {
    json = JSON.parse(decoder.decode(read.bytes))
  } catch (error) {
    return errorResponse(400, 'INVALID_JSON', `Failed to parse the request body: ${(error as Error).message}. Send a JSON execution request (docs/protocol.md, "Platform → app").`)
  }
  if (jsonDepthExceeds(json, MAX_JSON_DEPTH + 8)) {
    return errorResponse(400, 'INVALID_REQUEST', `Failed to accept the execution request: it nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep. Keep payloads and step results flatter.`)
  }
  const parsed = parseExecutionRequest(json)
  if (!parsed.success) {
    const issues = describeIssues(parsed.error)
    return errorResponse(400, 'INVALID_REQUEST', `Failed to accept the execution request: ${issues}. Send a body that matches the execution request schema (docs/protocol.md, "Platform → app").`)
  }
  const body = parsed.data
  if (body.version !== PROTOCOL_VERSION) {
    return errorResponse(400, 'UNSUPPORTED_VERSION', `Failed to accept the execution request: it speaks protocol version ${body.version}, this app speaks ${PROTOCOL_VERSION}. Upgrade backlot in the app or the platform so both speak the same version.`)
  }
  const task = ctx.tasks.get(body.invocation.taskId)
  if (!task) {
    const error = new UnknownTaskError(body.invocation.taskId, [...ctx.tasks.keys()])
    return errorResponse(404, error.code, error.message)
  }
  // The invocation runs on the platform's clock: its time at dispatch, plus the time spent
  // here unless the platform's time stands still (a virtual clock).
  const now = body.clock === 'virtual' ? (): number => body.now : (): number => body.now + (realNow() - receivedAt)
  const outcome = await executeRun(task, body.invocation, { signal: request.signal, now })
  const answer: ExecutionResponseBody = { version: PROTOCOL_VERSION, requestId: body.requestId, outcome }
  return jsonResponse(200, answer)
}
