/**
 * Marks a request one replica forwarded to another. A replica never forwards such a request
 * again: two replicas each taking the other for the holder (one's view is a poll behind) would
 * otherwise bounce it between them; the client gets 503 and retries instead.
 */
export const FORWARDED_HEADER = 'x-backlot-forwarded'

/** Headers a forwarded request must not carry: hop-by-hop, or this replica's own checks (done already). */
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'origin', 'referer', 'cookie', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest'])

/** Response headers the local listener sets itself. */
const DROPPED_BACK = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding'])

/**
 * Sends an API request on to the replica that holds the lease, at `address`, and streams its
 * answer back (event streams and long-polls included). Throws (a TypeError from fetch) if that
 * replica cannot be reached; the caller answers 503. The request was checked here already
 * (Host, Origin); the bearer key goes along, so the leader authenticates it again.
 */
export async function forwardRequest(request: Request, address: string, fetchImpl: typeof fetch = fetch): Promise<Response> {
  const from = new URL(request.url)
  const to = new URL(from.pathname + from.search, address)
  const headers = new Headers()
  request.headers.forEach((value, key) => {
    if (!DROPPED.has(key)) headers.set(key, value)
  })
  headers.set(FORWARDED_HEADER, '1')
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
  const upstream = await fetchImpl(to, { method: request.method, headers, body, signal: request.signal, redirect: 'manual' })
  const back = new Headers()
  upstream.headers.forEach((value, key) => {
    if (!DROPPED_BACK.has(key)) back.set(key, value)
  })
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: back })
}
