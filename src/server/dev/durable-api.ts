import { isBacklotError } from '../../errors/backlot-error.js'
import { ApiError } from '../../platform/api-error.js'
import { errorResponse } from '../../platform/responses.js'
import type { FetchHandler } from '../node-http.js'
import type { RunStore } from '../../store/run-store.js'

/**
 * Answers only once every change the request made is durable: the handler runs, then the
 * store's pending writes are committed, then the answer goes out. If the write fails, the client
 * gets 503 with the reason and the store error's code (and retries; the platform API
 * de-duplicates by request id); `onFailure` hears of it too (a replica whose store was fenced
 * stops leading).
 */
export function durableApi(api: FetchHandler, store: RunStore | undefined, onFailure?: (error: unknown) => void): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await api(request)
    if (!store) return response
    try {
      await store.flush()
    } catch (error) {
      await response.body?.cancel()
      onFailure?.(error)
      const code = isBacklotError(error) ? error.code : 'STORE_WRITE_FAILED'
      return errorResponse(new ApiError(503, code, (error as Error)?.message ?? String(error), { 'retry-after': '1' }))
    }
    return response
  }
}
