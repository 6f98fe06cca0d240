import type { FetchHandler } from '../node-http.js'
import type { RunStore } from '../../store/run-store.js'

/**
 * Answers only once every change the request made is durable: the handler runs, then the
 * store's pending writes are committed, then the answer goes out. If the write fails, the client
 * gets 503 with the reason (and retries; the platform API de-duplicates by request id).
 */
export function durableApi(api: FetchHandler, store: RunStore | undefined): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await api(request)
    if (!store) return response
    try {
      await store.flush()
    } catch (error) {
      await response.body?.cancel()
      const message = (error as Error)?.message ?? String(error)
      return new Response(JSON.stringify({ error: { code: 'STORE_WRITE_FAILED', message } }), { status: 503, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' } })
    }
    return response
  }
}
