import { realSetTimeout } from '../../model/real-timers.js'
import type { CronInfo } from '../../model/cron-types.js'
import type { RunEvent } from '../../model/events.js'
import { isTerminal, type RunRecord } from '../../model/run-record.js'
import { BacklotError } from '../../errors/backlot-error.js'
import { ValidationError } from '../../errors/input-errors.js'
import { ListCronsResponseSchema, CronInfoSchema } from '../../protocol/api-crons.js'
import { parseSse, RunEventSchema } from '../../protocol/api-events.js'
import { RunRecordSchema } from '../../protocol/api-run-record.js'
import { ListRunsResponseSchema } from '../../protocol/api-runs.js'
import { BatchTriggerResponseSchema, toWireTriggerOptions, TriggerResponseSchema } from '../../protocol/api-trigger.js'
import { API_HEADERS, API_PREFIX, MAX_BATCH_ITEMS } from '../../protocol/api-version.js'
import { parseDuration, type Duration } from '../../model/duration.js'
import type { Transport } from '../transport.js'
import { createHttpClient, type HttpClientOptions, type HttpRetryOptions } from './http-client.js'
import { errorFromResponse } from './http-errors.js'
import { listQuery, validated } from './http-wire.js'

/** Options of the HTTP client transport (docs/protocol.md). */
export interface HttpTransportOptions {
  /** The platform's address, e.g. `https://tasks.example.com` (the API is under `/api/v1`). */
  baseUrl: string
  /** Sent as `Authorization: Bearer <secretKey>`. */
  secretKey: string
  /** The project ref, sent as `x-backlot-project-ref`. */
  ref?: string
  /** Default: the global `fetch`. Tests pass the platform API itself. */
  fetch?: typeof fetch
  /** Retries of network errors, 429 and 5xx. Default 4 attempts, 200 ms doubling to 5 s. */
  retry?: HttpRetryOptions
  /** How long one long-poll asks the platform to hold (at most 60 s). Default 30 s. */
  pollWait?: Duration
  /** Real-time limit of one request, on top of a long-poll's wait. Default 30 s. */
  requestTimeoutMs?: number
  /** How the client waits between retries and between early poll answers. Default: real time. */
  sleep?: (ms: number) => Promise<void>
}

/** The HTTP transport: a `Transport` plus what only a platform offers (replay, the event stream). */
export interface HttpTransport extends Transport {
  readonly kind: 'http'
  /** Starts a new run of the same task with the same payload as `runId`. */
  replayRun(runId: string): Promise<{ id: string }>
  /** Run events as they happen (of one run, past ones first, until it ends; or of every run). */
  events(options?: { runId?: string; signal?: AbortSignal }): AsyncGenerator<RunEvent>
}

/**
 * The transport to a platform over HTTP: trigger, batch, get, list, cancel, crons, and
 * `waitForRun` by long-poll. Network errors, 429 and 5xx are retried with backoff; 4xx become
 * typed errors (UnknownTaskError, RunNotFoundError, ValidationError, AuthenticationError)
 * carrying the platform's message.
 *
 * @example
 * const transport = createHttpTransport({ baseUrl: 'https://tasks.example.com', secretKey: process.env.BACKLOT_SECRET_KEY!, ref: 'prod' })
 * configure({ transport })
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const config = checkOptions(options)
  const call = createHttpClient(config)
  const pollWaitMs = Math.min(parseDuration(options.pollWait ?? '30s', 'pollWait'), 60_000)
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => realSetTimeout(r, ms)))
  const run = (id: string): string => `/runs/${encodeURIComponent(id)}`
  const taskPath = (id: string, action: string): string => `/tasks/${encodeURIComponent(id)}/${action}`

  return {
    kind: 'http',
    async trigger(task, payload, opts) {
      const what = `trigger task "${task.id}"`
      const res = await call({ what, taskId: task.id, method: 'POST', path: taskPath(task.id, 'trigger'), body: { payload, options: toWireTriggerOptions(opts) } })
      return { id: validated(TriggerResponseSchema, res.body, what).id }
    },
    async batchTrigger(task, items) {
      const what = `batch-trigger task "${task.id}"`
      const ids: { id: string }[] = []
      for (let i = 0; i < items.length; i += MAX_BATCH_ITEMS) {
        const chunk = items.slice(i, i + MAX_BATCH_ITEMS).map((item) => ({ payload: item.payload, options: toWireTriggerOptions(item.options) }))
        const res = await call({ what, taskId: task.id, method: 'POST', path: taskPath(task.id, 'batch'), body: { items: chunk } })
        for (const r of validated(BatchTriggerResponseSchema, res.body, what).runs) ids.push({ id: r.id })
      }
      return ids
    },
    async getRun(runId) {
      const what = `get run "${runId}"`
      return validated(RunRecordSchema, (await call({ what, runId, method: 'GET', path: run(runId) })).body, what) as RunRecord
    },
    async listRuns(filter) {
      const what = 'list runs'
      return validated(ListRunsResponseSchema, (await call({ what, method: 'GET', path: `/runs${listQuery(filter)}` })).body, what).runs as RunRecord[]
    },
    async waitForRun(runId) {
      const what = `wait for run "${runId}"`
      for (let early = 0; ; ) {
        const res = await call({ what, runId, method: 'GET', path: `${run(runId)}?wait=${pollWaitMs}`, extraTimeoutMs: pollWaitMs })
        const record = validated(RunRecordSchema, res.body, what) as RunRecord
        if (isTerminal(record.status)) return record
        // The platform answered before the wait elapsed without the run ending (it closed, or it
        // does not hold requests): back off instead of polling in a tight loop.
        if (res.headers.get('x-backlot-wait') === 'elapsed') early = 0
        else await sleep(Math.min(5_000, 250 * 2 ** early++))
      }
    },
    async cancelRun(runId) {
      const what = `cancel run "${runId}"`
      return validated(RunRecordSchema, (await call({ what, runId, method: 'POST', path: `${run(runId)}/cancel` })).body, what) as RunRecord
    },
    async replayRun(runId) {
      const what = `replay run "${runId}"`
      return { id: validated(TriggerResponseSchema, (await call({ what, runId, method: 'POST', path: `${run(runId)}/replay` })).body, what).id }
    },
    async createCron(input) {
      const what = `create cron "${input?.name}"`
      return validated(CronInfoSchema, (await call({ what, method: 'POST', path: '/crons', body: input })).body, what) as CronInfo
    },
    async listCrons() {
      const what = 'list crons'
      return validated(ListCronsResponseSchema, (await call({ what, method: 'GET', path: '/crons' })).body, what).crons as CronInfo[]
    },
    async deleteCron(name) {
      await call({ what: `delete cron "${name}"`, method: 'DELETE', path: `/crons/${encodeURIComponent(name)}` })
    },
    async *events(opts = {}) {
      const what = opts.runId === undefined ? 'stream run events' : `stream the events of run "${opts.runId}"`
      const query = opts.runId === undefined ? '' : `?runId=${encodeURIComponent(opts.runId)}`
      const headers: Record<string, string> = { authorization: `Bearer ${config.secretKey}`, accept: 'text/event-stream' }
      if (config.ref !== undefined) headers[API_HEADERS.projectRef] = config.ref
      const response = await config.fetch(`${config.baseUrl.replace(/\/+$/, '')}${API_PREFIX}/events${query}`, { headers, ...(opts.signal ? { signal: opts.signal } : {}) })
      if (!response.ok || !response.body) throw errorFromResponse(response.status, await response.text(), { what, ...(opts.runId ? { runId: opts.runId } : {}) })
      for await (const message of parseSse(response.body)) yield validated(RunEventSchema, JSON.parse(message.data), what) as RunEvent
    },
  }
}

function checkOptions(options: HttpTransportOptions): HttpClientOptions {
  const { baseUrl, secretKey } = options ?? ({} as HttpTransportOptions)
  let url: URL | undefined
  try {
    url = new URL(baseUrl)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError('INVALID_CONFIG', `Failed to configure the HTTP transport: baseUrl ${JSON.stringify(baseUrl)} is not an http(s) URL. Pass baseUrl (or set BACKLOT_BASE_URL) like 'https://tasks.example.com'.`)
  }
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new ValidationError('INVALID_CONFIG', `Failed to configure the HTTP transport for ${baseUrl}: the secret key is missing. Pass secretKey (or set BACKLOT_SECRET_KEY).`)
  }
  if (typeof (options.fetch ?? globalThis.fetch) !== 'function') {
    throw new BacklotError('NOT_AVAILABLE', `Failed to configure the HTTP transport for ${baseUrl}: this runtime has no global fetch. Pass \`fetch\` in the options.`)
  }
  return {
    baseUrl,
    secretKey,
    ...(options.ref === undefined ? {} : { ref: options.ref }),
    // The global fetch is looked up per call, so msw (or any patch) installed later is seen.
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  }
}
