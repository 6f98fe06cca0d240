import type { RunRecord } from '../model/run-record.js'
import type { ClockState } from '../protocol/api-clock.js'
import type { CronDetails, ListCronsResponse } from '../protocol/api-crons.js'
import type { BulkCancelResponse, ListRunSummariesResponse, RunFilterQuery } from '../protocol/api-run-query.js'
import type { TaskConfig, TaskStats } from '../protocol/api-tasks.js'
import type { TriggerResponse } from '../protocol/api-trigger.js'

const PREFIX = '/api/v1'

/** Fired when the platform answers 401: this dashboard needs a sign-in (components/sign-in.tsx). */
export const SIGN_IN_REQUIRED = 'backlot:sign-in-required'

/** A refused or failed API call: the platform's error code and message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${PREFIX}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    throw new ApiFailure(0, 'NETWORK', `Failed to reach the platform: ${(error as Error).message}. Check that backlot is still running.`)
  }
  if (response.status === 401) window.dispatchEvent(new Event(SIGN_IN_REQUIRED))
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let data: unknown
  try {
    data = text === '' ? undefined : JSON.parse(text)
  } catch {
    throw new ApiFailure(response.status, 'INVALID_JSON', `Failed to read the answer of ${method} ${path}: it is not JSON (status ${response.status}).`)
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiFailure(response.status, error?.code ?? 'HTTP_' + response.status, error?.message ?? `Failed to ${method} ${path}: status ${response.status}.`)
  }
  return data as T
}

const enc = encodeURIComponent

/** The filters of the runs table, as query text. */
export function filterQuery(filter: RunFilterQuery | Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue
    params.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  return params
}

/** Every call the dashboard makes: the platform API of docs/protocol.md, nothing else. */
export const api = {
  listRuns: (params: URLSearchParams) => call<ListRunSummariesResponse>('GET', `/runs?${params}`),
  listFullRuns: (params: URLSearchParams) => call<{ runs: RunRecord[]; nextCursor: string | null }>('GET', `/runs?${params}`),
  getRun: (id: string) => call<RunRecord>('GET', `/runs/${enc(id)}`),
  cancel: (id: string) => call<RunRecord>('POST', `/runs/${enc(id)}/cancel`, {}),
  cancelMany: (body: { ids: string[] } | { filter: Record<string, unknown> }) => call<BulkCancelResponse>('POST', '/runs/cancel', body),
  replay: (id: string, payload?: { payload: unknown }) => call<TriggerResponse>('POST', `/runs/${enc(id)}/replay`, payload ?? {}),
  wake: (id: string) => call<RunRecord>('POST', `/runs/${enc(id)}/wake`),
  tasks: () => call<{ tasks: TaskConfig[] }>('GET', '/tasks'),
  taskStats: (id: string, minutes = 30) => call<TaskStats>('GET', `/tasks/${enc(id)}/stats?minutes=${minutes}`),
  trigger: (taskId: string, payload: unknown) => call<TriggerResponse>('POST', `/tasks/${enc(taskId)}/trigger`, { payload }),
  crons: () => call<ListCronsResponse>('GET', '/crons'),
  cron: (name: string) => call<CronDetails>('GET', `/crons/${enc(name)}?count=5`),
  cronAction: (name: string, action: 'pause' | 'resume' | 'trigger') => call<unknown>('POST', `/crons/${enc(name)}/${action}`),
  deleteCron: (name: string) => call<void>('DELETE', `/crons/${enc(name)}`),
  clock: () => call<ClockState>('GET', '/clock'),
  advance: (duration: string) => call<ClockState>('POST', '/clock/advance', { duration }),
  nextTimer: () => call<ClockState>('POST', '/clock/next'),
  runUntilIdle: () => call<ClockState>('POST', '/clock/run-until-idle'),
}

export const EVENTS_URL = `${PREFIX}/events`

/** The pause of `engine.inspect()` in a test, served beside the API; 404 on a dashboard without one. */
export const inspectSession = {
  status: async (): Promise<boolean> => {
    try {
      const res = await fetch('/inspect')
      if (!res.ok || !res.headers.get('content-type')?.includes('json')) return false
      return ((await res.json()) as { paused?: boolean }).paused === true
    } catch {
      return false
    }
  },
  resume: async (): Promise<void> => {
    const res = await fetch('/inspect/continue', { method: 'POST' })
    if (!res.ok) throw new ApiFailure(res.status, 'HTTP_' + res.status, `Failed to continue the test: status ${res.status}.`)
  },
}

/**
 * Signs the page in with the platform's secret key (`backlot server` on the network): the server
 * answers with an HttpOnly session cookie, so the key is not kept here. Throws ApiFailure with
 * the server's message on a wrong key.
 */
export async function signIn(secretKey: string): Promise<void> {
  let res: Response
  try {
    res = await fetch('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secretKey }) })
  } catch (error) {
    throw new ApiFailure(0, 'NETWORK', `Failed to reach the platform: ${(error as Error).message}. Check that backlot is still running.`)
  }
  if (res.status === 204) return
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
  throw new ApiFailure(res.status, body?.error?.code ?? 'HTTP_' + res.status, body?.error?.message ?? `Failed to sign in: status ${res.status}.`)
}
