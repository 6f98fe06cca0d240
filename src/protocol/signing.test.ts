import { describe, expect, it } from 'vitest'
import { SignatureError } from '../errors/signature-error.js'
import { ReplayCache } from './replay-cache.js'
import { computeSignature, computeSignatureWebCrypto, signRequest, timingSafeEqual, verifySignature } from './signing.js'

const KEY = 'whsec_current'
const OLD = 'whsec_previous'
const NOW = Date.UTC(2026, 0, 1, 12)
const BODY = '{"version":1,"hello":"wörld"}'

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    expect(SignatureError.is(error)).toBe(true)
    expect((error as Error).message).toMatch(/^Failed to verify the request: .+\. .+/)
    return (error as SignatureError).code
  }
  throw new Error('expected a SignatureError')
}

describe('signRequest / verifySignature', () => {
  it('signs HMAC-SHA256 over "<timestamp>.<raw body>" as t=<seconds>,v1=<hex>', async () => {
    const header = await signRequest(BODY, KEY, { now: NOW })
    expect(header).toBe(`t=${NOW / 1000},v1=${await computeSignature(KEY, NOW / 1000, BODY)}`)
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
  })

  it('matches a known test vector', async () => {
    // Worked example of docs/protocol.md, "Platform → app"; equals node:crypto createHmac('sha256', key).update('1767225600.{}').
    expect(await computeSignature('whsec_test', 1767225600, '{}')).toBe('4a942ef9477fb7b15b98664cf7ff2c2543984c1fa6bdf3520b48dcb25bcd1fe4')
  })

  it('reproduces the worked example of docs/protocol.md, "Platform → app"', async () => {
    const body = '{"version":1,"requestId":"req_1","now":1767225600000,"clock":"real","invocation":{"runId":"run_abc123","taskId":"send-email","attempt":1,"payload":{"to":"a@example.com"},"journal":[],"dispatched":[],"createdAt":1767225600000}}'
    expect(await signRequest(body, 'whsec_test', { now: 1767225600_000 })).toBe('t=1767225600,v1=646e0c08bc7d183380f996d5340dc01b8cc217d7021003bee48d3776a3bc7be6')
  })

  it('gives the same signature through node:crypto and through Web Crypto alone', async () => {
    for (const body of ['{}', BODY, new TextEncoder().encode(BODY), '']) {
      expect(await computeSignatureWebCrypto(KEY, 1767225600, body)).toBe(await computeSignature(KEY, 1767225600, body))
    }
    expect(await computeSignatureWebCrypto('whsec_test', 1767225600, '{}')).toBe('4a942ef9477fb7b15b98664cf7ff2c2543984c1fa6bdf3520b48dcb25bcd1fe4')
  })

  it('accepts a fresh signature made with the current key', async () => {
    const header = await signRequest(BODY, KEY, { now: NOW })
    await expect(verifySignature(BODY, header, { signingKey: KEY, now: NOW + 2_000 })).resolves.toMatchObject({ key: 'current', timestamp: NOW / 1000 })
  })

  it('accepts the rotated-out key as a fallback', async () => {
    const header = await signRequest(BODY, OLD, { now: NOW })
    await expect(verifySignature(BODY, header, { signingKey: KEY, signingKeyFallback: OLD, now: NOW })).resolves.toMatchObject({ key: 'fallback' })
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MISMATCH')
  })

  it('verifies bytes and strings alike', async () => {
    const header = await signRequest(new TextEncoder().encode(BODY), KEY, { now: NOW })
    await expect(verifySignature(BODY, header, { signingKey: KEY, now: NOW })).resolves.toBeDefined()
  })

  it('refuses a missing header', async () => {
    expect(await codeOf(verifySignature(BODY, null, { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MISSING')
    expect(await codeOf(verifySignature(BODY, '  ', { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MISSING')
  })

  it('refuses a malformed header', async () => {
    for (const header of ['v1=abc', `t=${NOW / 1000}`, `t=soon,v1=${'a'.repeat(64)}`, `t=${NOW / 1000},v1=xyz`, 'garbage']) {
      expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MALFORMED')
    }
  })

  it('refuses a signature made with the wrong key', async () => {
    const header = await signRequest(BODY, 'whsec_attacker', { now: NOW })
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, signingKeyFallback: OLD, now: NOW }))).toBe('SIGNATURE_MISMATCH')
  })

  it('refuses a tampered body or timestamp', async () => {
    const header = await signRequest(BODY, KEY, { now: NOW })
    expect(await codeOf(verifySignature(BODY.replace('1', '2'), header, { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MISMATCH')
    const shifted = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`)
    expect(await codeOf(verifySignature(BODY, shifted, { signingKey: KEY, now: NOW }))).toBe('SIGNATURE_MISMATCH')
  })

  it('refuses a timestamp outside the tolerance window, in either direction', async () => {
    const header = await signRequest(BODY, KEY, { now: NOW })
    await expect(verifySignature(BODY, header, { signingKey: KEY, now: NOW + 300_000 })).resolves.toBeDefined()
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW + 301_000 }))).toBe('SIGNATURE_STALE')
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW - 301_000 }))).toBe('SIGNATURE_STALE')
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW + 11_000, toleranceSeconds: 10 }))).toBe('SIGNATURE_STALE')
  })

  it('refuses a replayed signature and remembers only accepted ones', async () => {
    const cache = new ReplayCache()
    const header = await signRequest(BODY, KEY, { now: NOW })
    expect(await codeOf(verifySignature(BODY + ' ', header, { signingKey: KEY, now: NOW, replayCache: cache }))).toBe('SIGNATURE_MISMATCH')
    expect(cache.size).toBe(0)
    await verifySignature(BODY, header, { signingKey: KEY, now: NOW, replayCache: cache })
    expect(await codeOf(verifySignature(BODY, header, { signingKey: KEY, now: NOW + 1_000, replayCache: cache }))).toBe('SIGNATURE_REPLAYED')
  })

  it('accepts a header carrying several signatures when one matches', async () => {
    const good = await signRequest(BODY, KEY, { now: NOW })
    const header = `${good},v1=${'0'.repeat(64)}`
    await expect(verifySignature(BODY, header, { signingKey: KEY, now: NOW })).resolves.toBeDefined()
  })

  it('refuses to sign or verify without a key', async () => {
    await expect(signRequest(BODY, '')).rejects.toThrow(/signing key is empty/)
    expect(await codeOf(verifySignature(BODY, 't=1,v1=' + 'a'.repeat(64), { signingKey: '' }))).toBe('SIGNING_KEY_MISSING')
  })
})

describe('ReplayCache', () => {
  it('forgets signatures once their window has passed', () => {
    const cache = new ReplayCache()
    cache.add('a', 0, 1_000)
    expect(cache.seenAt('a', 999)).toBe(0)
    expect(cache.seenAt('a', 1_000)).toBeUndefined()
    cache.add('b', 2_000, 3_000)
    expect(cache.size).toBe(1)
  })

  it('refuses a new signature when full of live ones rather than forget one, and takes it once room frees up', () => {
    const cache = new ReplayCache({ maxEntries: 3 })
    expect(['a', 'b', 'c'].map((s, i) => cache.add(s, 0, 10_000 + i))).toEqual([true, true, true])
    expect(cache.add('d', 1, 10_000)).toBe(false)
    expect(cache.size).toBe(3)
    expect(cache.seenAt('a', 9_999)).toBe(0)
    expect(cache.seenAt('d', 1)).toBeUndefined()
    expect(cache.add('d', 10_000, 20_000)).toBe(true)
    expect(cache.seenAt('b', 10_000)).toBe(0)
  })

  it('makes verifySignature refuse with REPLAY_CACHE_FULL while full, and a replay stays refused', async () => {
    const cache = new ReplayCache({ maxEntries: 2 })
    const headers = await Promise.all(['1', '2', '3'].map((n) => signRequest(BODY + n, KEY, { now: NOW })))
    await verifySignature(BODY + '1', headers[0], { signingKey: KEY, now: NOW, replayCache: cache })
    await verifySignature(BODY + '2', headers[1], { signingKey: KEY, now: NOW, replayCache: cache })
    expect(await codeOf(verifySignature(BODY + '3', headers[2], { signingKey: KEY, now: NOW, replayCache: cache }))).toBe('REPLAY_CACHE_FULL')
    expect(await codeOf(verifySignature(BODY + '1', headers[0], { signingKey: KEY, now: NOW + 1_000, replayCache: cache }))).toBe('SIGNATURE_REPLAYED')
  })
})

describe('timingSafeEqual', () => {
  it('compares strings of equal length by content and others as unequal', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
  })
})
