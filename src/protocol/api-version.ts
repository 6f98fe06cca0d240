/**
 * The version of the app → platform API; it is the path prefix's last segment.
 *
 * @example
 * response.headers.get(API_HEADERS.apiVersion) === String(API_VERSION)
 */
export const API_VERSION = 1

/**
 * Every app → platform endpoint lives under this path (after the platform's optional base path).
 *
 * @example
 * fetch(`${baseUrl}${API_PREFIX}/runs/${runId}`, { headers: { authorization: `Bearer ${secretKey}` } })
 */
export const API_PREFIX = `/api/v${API_VERSION}`

/**
 * Headers of the app → platform API (docs/protocol.md). Header names are case-insensitive.
 *
 * @example
 * headers.set(API_HEADERS.projectRef, 'proj_1')
 */
export const API_HEADERS = {
  /** `Bearer <secretKey>`. */
  authorization: 'authorization',
  /** The project ref; when the platform is set up with one, requests must carry it. */
  projectRef: 'x-backlot-project-ref',
  /** A client-chosen id per logical call; a retried POST with the same id gets the first answer back. */
  requestId: 'x-backlot-request-id',
  /** Sent on every response: the API version that answered. */
  apiVersion: 'x-backlot-api-version',
} as const

/** Largest request body the platform accepts by default (1 MiB); larger ones get 413. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576

/** Most items in one batch trigger. */
export const MAX_BATCH_ITEMS = 1_000

/** Longest long-poll (`GET /runs/:id?wait=`) the platform holds a request for: 60 s. */
export const MAX_LONG_POLL_MS = 60_000

/** Default and largest `limit` of `GET /runs`. */
export const DEFAULT_LIST_LIMIT = 100
export const MAX_LIST_LIMIT = 1_000
