/** A finished response, kept so a retried request gets the same answer. */
interface Stored {
  status: number
  headers: [string, string][]
  body: string
}

/**
 * Remembers the answers to recent POSTs by their `x-backlot-request-id`, so a client that
 * retries after a network error (the first request may have landed) does not start a second
 * run. 5xx answers are not kept: those are meant to be retried. Oldest entries go first.
 */
export class RequestDedup {
  private readonly entries = new Map<string, Promise<Stored>>()

  constructor(private readonly capacity = 10_000) {}

  async run(key: string, handle: () => Promise<Response>): Promise<Response> {
    let entry = this.entries.get(key)
    if (!entry) {
      entry = handle().then(async (response) => ({ status: response.status, headers: headerList(response.headers), body: await response.text() }))
      this.entries.set(key, entry)
      while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
      entry.then(
        (stored) => stored.status >= 500 && this.entries.delete(key),
        () => this.entries.delete(key),
      )
    }
    const stored = await entry
    return new Response(stored.status === 204 ? null : stored.body, { status: stored.status, headers: stored.headers })
  }
}

function headerList(headers: Headers): [string, string][] {
  const out: [string, string][] = []
  headers.forEach((value, key) => out.push([key, value]))
  return out
}
