import { realClearTimeout, realSetTimeout } from '../../model/real-timers.js'
import type { BacklotError } from '../../errors/backlot-error.js'
import { API_HEADERS, API_PREFIX } from '../../protocol/api-version.js'
import { errorFromResponse, PlatformError, type CallContext } from './http-errors.js'

/** How failed requests (network errors, 429, 5xx) are retried. */
export interface HttpRetryOptions {
  /** Total attempts including the first. Default 4. */
  attempts?: number
  /** Delay before the first retry, doubled each time. Default 200 ms. */
  minDelayMs?: number
  /** Cap on one delay. Default 5 s. */
  maxDelayMs?: number
}

export interface HttpClientOptions {
  baseUrl: string
  secretKey: string
  ref?: string
  fetch: typeof fetch
  retry?: HttpRetryOptions
  /** Real-time limit of one request (a long-poll adds its wait). Default 30 s. */
  requestTimeoutMs?: number
  /** How the client waits between retries; tests pass a recorder. Default: real time. */
  sleep?: (ms: number) => Promise<void>
}

export interface CallOptions extends CallContext {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under /api/v1, e.g. `/runs/run_1`. */
  path: string
  body?: unknown
  /** Extra real time this request may take (a long-poll's wait). */
  extraTimeoutMs?: number
}

export interface HttpResult {
  status: number
  headers: Headers
  /** Parsed JSON body, undefined for an empty one. */
  body: unknown
}

/**
 * The low-level client: auth headers, JSON, a per-request timeout, and retries with
 * exponential backoff for network errors, 429 and 5xx. A POST keeps one request id across its
 * retries, so the platform answers a retried trigger with the run it already made.
 */
export function createHttpClient(options: HttpClientOptions): (call: CallOptions) => Promise<HttpResult> {
  const root = `${platformRoot(options.baseUrl)}${API_PREFIX}`
  const attempts = Math.max(1, options.retry?.attempts ?? 4)
  const minDelay = options.retry?.minDelayMs ?? 200
  const maxDelay = options.retry?.maxDelayMs ?? 5_000
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const sleep = options.sleep ?? realSleep
  const headers: Record<string, string> = { authorization: `Bearer ${options.secretKey}`, accept: 'application/json' }
  if (options.ref !== undefined) headers[API_HEADERS.projectRef] = options.ref

  return async (call) => {
    const url = `${root}${call.path}`
    const init: RequestInit = { method: call.method, headers: { ...headers } }
    if (call.method === 'POST') {
      const h = init.headers as Record<string, string>
      h[API_HEADERS.requestId] = crypto.randomUUID()
      h['content-type'] = 'application/json'
      init.body = JSON.stringify(call.body ?? {})
    }
    let failure: BacklotError | undefined
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(backoff(attempt - 1, minDelay, maxDelay))
      const outcome = await once(options.fetch, url, init, timeoutMs + (call.extraTimeoutMs ?? 0), call)
      if ('error' in outcome) {
        failure = outcome.error
        continue
      }
      const { response, text } = outcome
      if (response.ok) return { status: response.status, headers: response.headers, body: text === '' ? undefined : parseJson(text, call) }
      failure = errorFromResponse(response.status, text, call)
      if (!(response.status >= 500 || response.status === 429)) throw failure
    }
    throw failure!
  }
}

async function once(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  call: CallContext,
): Promise<{ response: Response; text: string } | { error: BacklotError }> {
  const controller = new AbortController()
  const timer = realSetTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetchFn(url, { ...init, signal: controller.signal })
    return { response, text: await response.text() }
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error)?.message ?? String(error)
    return {
      error: new PlatformError('NETWORK', `Failed to ${call.what}: could not reach the platform at ${url} (${reason}). Check BACKLOT_BASE_URL and that the platform is running.`, 0, { cause: error }),
    }
  } finally {
    realClearTimeout(timer)
  }
}

function parseJson(text: string, call: CallContext): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new PlatformError('INVALID_RESPONSE', `Failed to ${call.what}: the platform answered with a body that is not JSON (${text.slice(0, 200)}). Check that BACKLOT_BASE_URL points at a backlot platform.`, 200)
  }
}

/** Exponential backoff with ±25 % jitter: min·2^(n−1), capped. */
export function backoff(retry: number, minDelayMs: number, maxDelayMs: number): number {
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** (retry - 1))
  return Math.round(base * (0.75 + Math.random() * 0.5))
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms))
}

// The platform's address as printed by `backlot platform` / `backlot dev`, with or without the
// API prefix: `http://127.0.0.1:8288` and `http://127.0.0.1:8288/api/v1` reach the same API.
function platformRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '')
  return trimmed.endsWith(API_PREFIX) ? trimmed.slice(0, -API_PREFIX.length) : trimmed
}
