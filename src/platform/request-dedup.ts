import { realNow } from '../model/real-timers.js'
import { ApiError } from './api-error.js'
import type { LoggedAnswer } from './request-log.js'

/** A finished response, kept so a retried request gets the same answer. */
type Stored = LoggedAnswer

interface Entry {
  /** SHA-256 of the request body: the same id with another body is another request. */
  fingerprint: string
  answer: Promise<Stored>
  /** Approximate bytes held (0 until the answer is in). */
  bytes: number
  at: number
}

export interface RequestDedupOptions {
  /** Most bytes of answers held in all. Default 8 MiB. */
  maxBytes?: number
  /** Answers larger than this are not kept (a retry runs again). Default 64 KiB. */
  maxEntryBytes?: number
  /** Most answers held. Default 10,000. */
  maxEntries?: number
  /** How long (real ms) an answer is kept. Default 10 minutes. */
  ttlMs?: number
  /** Told each answer kept (not 5xx, not over `maxEntryBytes`): a `RequestLog` keeps it durably. */
  onKeep?: (key: string, fingerprint: string, answer: Stored) => void
}

/**
 * Remembers the answers to recent POSTs by their `x-backlot-request-id`, so a client that
 * retries after a network error (the first request may have landed) does not start a second
 * run. The same id with another body is refused with 409. 5xx answers and answers over
 * `maxEntryBytes` are not kept; the rest are kept for `ttlMs`, within `maxBytes` and
 * `maxEntries` (oldest dropped first).
 */
export class RequestDedup {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  private readonly maxBytes: number
  private readonly maxEntryBytes: number
  private readonly maxEntries: number
  private readonly ttlMs: number
  private readonly onKeep: RequestDedupOptions['onKeep']

  constructor(options: RequestDedupOptions = {}) {
    this.maxBytes = options.maxBytes ?? 8 * 1_048_576
    this.maxEntryBytes = options.maxEntryBytes ?? 65_536
    this.maxEntries = options.maxEntries ?? 10_000
    this.ttlMs = options.ttlMs ?? 600_000
    this.onKeep = options.onKeep
  }

  /** Bytes of answers held now (approximate: string lengths). */
  get heldBytes(): number {
    return this.bytes
  }

  get size(): number {
    return this.entries.size
  }

  /** Whether an answer for `key` is held (or being made) in memory. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  async run(key: string, fingerprint: string, handle: () => Promise<Response>): Promise<Response> {
    const now = realNow()
    this.dropExpired(now)
    let entry = this.entries.get(key)
    if (entry && entry.fingerprint !== fingerprint) throw requestIdReused()
    if (!entry) {
      const answer = handle().then(async (response) => ({ status: response.status, headers: headerList(response.headers), body: await response.text() }))
      const own: Entry = { fingerprint, answer, bytes: 0, at: now }
      entry = own
      this.entries.set(key, own)
      answer.then(
        (stored) => this.keep(key, own, stored),
        () => this.drop(key, own),
      )
    }
    const stored = await entry.answer
    return new Response(stored.status === 204 ? null : stored.body, { status: stored.status, headers: stored.headers })
  }

  private keep(key: string, entry: Entry, stored: Stored): void {
    if (this.entries.get(key) !== entry) return
    const bytes = key.length + entry.fingerprint.length + stored.body.length + stored.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 64
    if (stored.status >= 500 || bytes > this.maxEntryBytes) return this.drop(key, entry)
    this.onKeep?.(key, entry.fingerprint, stored)
    entry.bytes = bytes
    this.bytes += bytes
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break
      this.drop(oldKey, old)
    }
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return
    this.entries.delete(key)
    this.bytes -= entry.bytes
  }

  /** Entries are in insertion order, so expired ones are at the front. */
  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at < this.ttlMs) break
      this.drop(key, entry)
    }
  }
}

/** The refusal of a request id reused with another body. */
export function requestIdReused(): ApiError {
  return new ApiError(409, 'REQUEST_ID_REUSED', 'Failed to accept the request: its x-backlot-request-id was already used for a request with another body. Send a fresh request id for each logical call (keep it only across retries of the same request).')
}

/**
 * The SHA-256 of a request body, in hex.
 *
 * @example
 * await bodyFingerprint(new TextEncoder().encode('{}'))
 */
export async function bodyFingerprint(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
  let hex = ''
  for (const b of digest) hex += b.toString(16).padStart(2, '0')
  return hex
}

function headerList(headers: Headers): [string, string][] {
  const out: [string, string][] = []
  headers.forEach((value, key) => out.push([key, value]))
  return out
}
