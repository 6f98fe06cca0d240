import { describeIssues } from '../errors/describe-issues.js'
import type { Clock } from '../clock/clock.js'
import { isVirtualClock } from '../clock/is-virtual-clock.js'
import { realClearTimeout, realNow, realSetTimeout } from '../model/real-timers.js'
import { AppRequestError } from '../errors/app-request-error.js'
import { ValidationError } from '../errors/input-errors.js'
import { serializeError } from '../errors/serialize.js'
import { ExecutionErrorBodySchema, ExecutionResponseBodySchema, type ExecutionRequestBody } from '../protocol/execution.js'
import { SIGNATURE_HEADER, signRequest } from '../protocol/signing.js'
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../protocol/version.js'
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../model/json.js'
import type { InvocationControl } from '../runner/invocation-control.js'
import type { ExecutionOutcome, ExecutionRequest } from '../runner/types.js'
import type { Executor, TaskPolicy } from './executor.js'

/** Any fetch-shaped function: `globalThis.fetch`, or `serve().POST` to call an app in-process. */
export type FetchLike = (request: Request) => Promise<Response>

export interface HttpExecutorOptions {
  /** The app's `serve()` endpoint, e.g. https://myapp.com/api/tasks. */
  url: string | URL
  /** The key the app verifies with (its BACKLOT_SIGNING_KEY). */
  signingKey: string
  /** Default: globalThis.fetch. */
  fetch?: FetchLike
  /** Real milliseconds to wait for the app's answer before failing the attempt. Default 300,000 (5 min). */
  timeoutMs?: number
  /**
   * The engine's clock; the app runs the invocation on it. Default: real time. `connectApp`
   * passes the engine's. A VirtualClock is sent as `clock: 'virtual'`, so the app sees time
   * stand still during an invocation, exactly as in memory.
   */
  clock?: Pick<Clock, 'now'>
}

/** HTTP statuses whose request would fail the same way again: the attempt is not retried. */
const DETERMINISTIC_STATUSES = new Set([400, 413])

let requestCounter = 0

/**
 * Runs invocations by a signed POST to an app's `serve()` endpoint. An app that is down, too
 * slow, answers an error status or answers garbage fails the attempt with an
 * `AppRequestError`, and the task's retry policy applies: nothing is lost.
 *
 * @example
 * const app = httpExecutor({ url: 'https://myapp.com/api/tasks', signingKey: process.env.BACKLOT_SIGNING_KEY!, clock: engine.clock })
 * engine.register(remoteTaskPolicy(manifest.tasks[0]), app)
 */
export function httpExecutor(options: HttpExecutorOptions): Executor {
  if (typeof options.signingKey !== 'string' || options.signingKey === '') {
    throw new ValidationError('INVALID_OPTION', `Failed to create the HTTP executor for ${String(options.url)}: signingKey is empty. Pass the key the app verifies with (its BACKLOT_SIGNING_KEY).`)
  }
  const url = String(options.url)
  const doFetch: FetchLike = options.fetch ?? ((request) => fetch(request))
  const timeoutMs = options.timeoutMs ?? 300_000
  const now = (): number => (options.clock ? options.clock.now() : Date.now())
  const clockKind: ExecutionRequestBody['clock'] = isVirtualClock(options.clock) ? 'virtual' : 'real'
  return {
    async execute(task: TaskPolicy, request: ExecutionRequest, control: InvocationControl): Promise<ExecutionOutcome> {
      const signal = control.signal
      const requestId = `req_${Date.now().toString(36)}_${(++requestCounter).toString(36)}_${Math.random().toString(36).slice(2, 10)}`
      const deadline = realNow() + timeoutMs
      let exchange: Promise<unknown> | undefined
      try {
        return await post(task, request, requestId)
      } catch (error) {
        // A cancelled run or the engine's own timeout: the engine has moved on already. The
        // invocation still counts against the task's concurrency until the exchange ends (an
        // in-process app returns from its handler; a socket closes at once), or the deadline.
        if (signal.aborted) {
          if (exchange) await settledBy(exchange, deadline)
          throw signal.reason
        }
        return failed(error, now())
      }

      async function post(task: TaskPolicy, invocation: ExecutionRequest, requestId: string): Promise<ExecutionOutcome> {
        const message: ExecutionRequestBody = { version: PROTOCOL_VERSION, requestId, now: now(), clock: clockKind, invocation }
        const body = JSON.stringify(message)
        const controller = new AbortController()
        const onAbort = (): void => controller.abort(signal.reason)
        if (signal.aborted) onAbort()
        else signal.addEventListener('abort', onAbort, { once: true })
        let timedOut = false
        const timer = realSetTimeout(() => {
          timedOut = true
          controller.abort()
        }, timeoutMs)
        // Stop waiting at the deadline even if the fetch function ignores its signal.
        const abandoned = new Promise<never>((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason ?? new Error('aborted')), { once: true })
        })
        abandoned.catch(() => {})
        const what = `task "${task.id}" (run "${invocation.runId}", attempt ${invocation.attempt}) at ${url}`
        try {
          let response: Response
          try {
            const signature = await signRequest(body, options.signingKey)
            controller.signal.throwIfAborted()
            const sent = doFetch(
              new Request(url, {
                method: 'POST',
                body,
                signal: controller.signal,
                headers: {
                  'content-type': 'application/json',
                  [SIGNATURE_HEADER]: signature,
                  [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION),
                },
              }),
            )
            exchange = sent
            response = await Promise.race([sent, abandoned])
          } catch (error) {
            if (timedOut) throw timeoutError(what, timeoutMs)
            throw new AppRequestError('APP_UNREACHABLE', `Failed to execute ${what}: ${describeNetworkError(error)}. Check that the app is running and the URL is right; the attempt will be retried.`, { cause: error })
          }
          // A fetch that ignores the abort (an in-process one) may still answer late: it is still a timeout.
          if (timedOut) throw timeoutError(what, timeoutMs)
          const text = await Promise.race([response.text(), abandoned]).catch((error: unknown) => {
            if (timedOut) throw timeoutError(what, timeoutMs)
            throw new AppRequestError('APP_UNREACHABLE', `Failed to execute ${what}: the connection broke while reading the answer (${describeNetworkError(error)}).`, { cause: error })
          })
          if (response.status !== 200) throw statusError(what, response, text, now(), task.retry.maxDelayMs)
          return parseOutcome(what, text, requestId)
        } finally {
          realClearTimeout(timer)
          signal.removeEventListener('abort', onAbort)
        }
      }
    },
  }
}

/** Resolves when `promise` settles or at `deadline` (real epoch ms), whichever comes first. */
function settledBy(promise: Promise<unknown>, deadline: number): Promise<void> {
  let timer: unknown
  const late = new Promise<void>((resolve) => (timer = realSetTimeout(resolve, Math.max(0, deadline - realNow()))))
  return Promise.race([promise.then(() => {}, () => {}), late]).finally(() => realClearTimeout(timer as never))
}

function timeoutError(what: string, timeoutMs: number): AppRequestError {
  return new AppRequestError('APP_TIMEOUT', `Failed to execute ${what}: the app did not answer within ${timeoutMs} ms. Make the handler faster, split the work into steps, or raise the executor's timeoutMs.`)
}

/** The app's error answer; its `Retry-After` (seconds) sets the next attempt, capped at the task's `maxDelay`. */
function statusError(what: string, response: Response, text: string, now: number, maxDelayMs: number): AppRequestError & { retryAt?: number } {
  const parsed = safeJson(text)
  const body = ExecutionErrorBodySchema.safeParse(parsed)
  const detail = body.success ? `${body.data.error.code}: ${body.data.error.message}` : `${text.slice(0, 200) || 'an empty body'}`
  const error: AppRequestError & { retryAt?: number; retriable?: boolean } = new AppRequestError('APP_ERROR', `Failed to execute ${what}: the app answered ${response.status} (${detail})`, { status: response.status })
  const retryAfter = Number(response.headers.get('retry-after'))
  if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAt = now + Math.min(retryAfter * 1000, maxDelayMs)
  return error
}

function parseOutcome(what: string, text: string, requestId: string): ExecutionOutcome {
  const json = safeJson(text)
  if (json === undefined) {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to execute ${what}: the app answered 200 with a body that is not JSON (${JSON.stringify(text.slice(0, 80))}). Make sure the URL points at serve()'s POST handler, not a page or a proxy.`)
  }
  if (jsonDepthExceeds(json, MAX_JSON_DEPTH + 8)) {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to execute ${what}: the answer nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep. Return flatter step results.`)
  }
  const parsed = ExecutionResponseBodySchema.safeParse(json)
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, 5)
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to execute ${what}: the answer is not an execution response (${issues}). Make sure the URL points at serve() and both sides run compatible backlot versions.`)
  }
  if (parsed.data.version !== PROTOCOL_VERSION) {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to execute ${what}: the app speaks protocol version ${parsed.data.version}, this platform ${PROTOCOL_VERSION}. Upgrade backlot so both speak the same version.`)
  }
  if (parsed.data.requestId !== requestId) {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to execute ${what}: the answer is for request "${parsed.data.requestId}", not "${requestId}". Check for a caching proxy in front of the app.`)
  }
  return parsed.data.outcome as ExecutionOutcome
}

/** A failed attempt; retriable unless the same request could only fail the same way. */
function failed(error: unknown, now: number): ExecutionOutcome {
  const status = AppRequestError.is(error) ? error.status : undefined
  const retryAt = (error as { retryAt?: number }).retryAt
  const attemptError: ExecutionOutcome['error'] = { ...serializeError(error), retriable: !(status !== undefined && DETERMINISTIC_STATUSES.has(status)) }
  if (retryAt !== undefined && retryAt > now) attemptError.retryAt = retryAt
  return { status: 'failed', error: attemptError, steps: [], waits: [], spawns: [], logs: [], order: [] }
}

function describeNetworkError(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } }
  const cause = e?.cause?.code ?? e?.cause?.message
  return `the request failed (${e?.message ?? String(error)}${cause ? `: ${cause}` : ''})`
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
