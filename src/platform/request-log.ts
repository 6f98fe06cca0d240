/** An answer as kept for a retried request: what the client gets again. */
export interface LoggedAnswer {
  status: number
  headers: [string, string][]
  body: string
}

/**
 * Answers by request id kept where another process can read them: a platform of several
 * replicas gives a client that retries after a failover the answer the first request got,
 * instead of running it twice. The API still keeps answers in memory (`RequestDedup`); this is
 * consulted before running a request whose id memory does not know, and told every answer
 * memory keeps.
 */
export interface RequestLog {
  /** The answer recorded for `key`, with the fingerprint of the body it answered. */
  find(key: string): Promise<{ fingerprint: string; answer: LoggedAnswer } | undefined>
  /** Records an answer (written with the request's own changes, before it is acknowledged). */
  remember(key: string, fingerprint: string, answer: LoggedAnswer): void
}
