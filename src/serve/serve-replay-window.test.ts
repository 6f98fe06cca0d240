import { describe, expect, it } from 'vitest'
import { SIGNATURE_HEADER, signRequest } from '../protocol/signing.js'
import { PROTOCOL_VERSION } from '../protocol/version.js'
import { task } from '../sdk/task.js'
import { serve } from './serve.js'

const KEY = 'whsec_replay_window'

function body(n: number): string {
  return JSON.stringify({
    version: PROTOCOL_VERSION,
    requestId: `req_${n}`,
    now: Date.now(),
    invocation: { runId: `run_${n}`, taskId: 'replay-window', attempt: 1, payload: null, journal: [], dispatched: [], createdAt: Date.now() },
  })
}

describe('serve(): the replay window holds while its cache is full', () => {
  it('answers 503 REPLAY_CACHE_FULL when full, and still refuses a captured request sent again', async () => {
    let ran = 0
    const t = task({ id: 'replay-window', run: async () => void ran++ })
    const { POST } = serve({ tasks: [t], signingKey: KEY, replayCacheSize: 2 })
    // One body per request, signed as sent (two calls of body() could straddle a millisecond).
    const requests = await Promise.all([1, 2, 3].map(async (n) => {
      const text = body(n)
      return { body: text, signature: await signRequest(text, KEY) }
    }))
    const send = (r: { body: string; signature: string }) => POST(new Request('http://app.test/api/tasks', { method: 'POST', body: r.body, headers: { [SIGNATURE_HEADER]: r.signature } }))
    expect((await send(requests[0]!)).status).toBe(200)
    expect((await send(requests[1]!)).status).toBe(200)
    const full = await send(requests[2]!)
    expect(full.status).toBe(503)
    expect(full.headers.get('retry-after')).toBe('1')
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe('REPLAY_CACHE_FULL')
    const replayed = await send(requests[0]!)
    expect(replayed.status).toBe(401)
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_REPLAYED')
    expect(ran).toBe(2)
  })
})
