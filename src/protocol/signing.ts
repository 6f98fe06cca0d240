import { timingSafeEqual } from './constant-time.js'
import { SignatureError } from '../errors/signature-error.js'
import type { ReplayCache } from './replay-cache.js'
import { builtinModule } from '../model/builtin-module.js'

/** The header that carries a request's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-backlot-signature'

/** How far a signature's timestamp may be from the receiver's clock: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300

const encoder = new TextEncoder()
// Named through `crypto` so the file type-checks under both the Web and the Node typings.
type HmacKey = ReturnType<typeof crypto.subtle.importKey>
const keyCache = new Map<string, HmacKey>()

function hmacKey(secret: string): HmacKey {
  let key = keyCache.get(secret)
  if (!key) {
    if (keyCache.size >= 16) keyCache.clear()
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    keyCache.set(secret, key)
  }
  return key
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body
}

// Where the runtime offers node:crypto (Node, Bun, Deno), its synchronous HMAC is several times
// cheaper per call than crypto.subtle; it is feature-detected, never imported, so the core stays
// runtime-free and falls back to Web Crypto elsewhere. Both give the same bytes.
interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac
  digest(encoding: 'hex'): string
}
const nodeCrypto = builtinModule<{ createHmac(algorithm: 'sha256', key: string): NodeHmac }>('node:crypto')

/**
 * The hex HMAC-SHA256 of `${timestamp}.${rawBody}` under `secret` (the key's UTF-8 bytes).
 *
 * @example
 * await computeSignature('whsec_test', 1767225600, '{}') // '4a942ef9…' (64 hex digits)
 */
export async function computeSignature(secret: string, timestamp: number, body: string | Uint8Array): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
  return computeSignatureWebCrypto(secret, timestamp, body)
}

/** `computeSignature` through `crypto.subtle` only (what runs where node:crypto is absent). */
export async function computeSignatureWebCrypto(secret: string, timestamp: number, body: string | Uint8Array): Promise<string> {
  const prefix = encoder.encode(`${timestamp}.`)
  const bytes = toBytes(body)
  const message = new Uint8Array(prefix.length + bytes.length)
  message.set(prefix, 0)
  message.set(bytes, prefix.length)
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), message))
  let hex = ''
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/**
 * Signs a request body; the result is the value of the `x-backlot-signature` header.
 *
 * @example
 * const body = JSON.stringify(message)
 * const headers = { [SIGNATURE_HEADER]: await signRequest(body, process.env.BACKLOT_SIGNING_KEY!) }
 */
export async function signRequest(body: string | Uint8Array, signingKey: string, options: { now?: number } = {}): Promise<string> {
  if (typeof signingKey !== 'string' || signingKey === '') {
    throw new SignatureError('SIGNING_KEY_MISSING', 'Failed to sign the request: the signing key is empty. Pass the key the app was deployed with (BACKLOT_SIGNING_KEY).')
  }
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000)
  return `t=${timestamp},v1=${await computeSignature(signingKey, timestamp, body)}`
}

/** What a valid signature header carried. */
export interface VerifiedSignature {
  /** Unix seconds. */
  timestamp: number
  /** The hex signature that matched. */
  signature: string
  /** Which key matched: the current one, or the fallback kept during a rotation. */
  key: 'current' | 'fallback'
}

export interface VerifyOptions {
  signingKey: string
  /** The previous key, still accepted while a rotation is under way. */
  signingKeyFallback?: string
  /** Default 300 (5 minutes), in both directions. */
  toleranceSeconds?: number
  /** With a cache, each signature is accepted once (replay protection). */
  replayCache?: ReplayCache
  /** The receiver's clock, epoch ms. Default Date.now. */
  now?: number
}

/**
 * Checks a request's signature against its raw body: present, well-formed, within the
 * tolerance window, made with the signing key or its fallback (compared in constant time),
 * and, with a replay cache, never seen before. Throws a SignatureError saying which check failed.
 *
 * @example
 * const raw = await request.text()
 * await verifySignature(raw, request.headers.get(SIGNATURE_HEADER), { signingKey, replayCache })
 */
export async function verifySignature(body: string | Uint8Array, header: string | null | undefined, options: VerifyOptions): Promise<VerifiedSignature> {
  const keys: [VerifiedSignature['key'], string][] = [['current', options.signingKey]]
  if (options.signingKeyFallback) keys.push(['fallback', options.signingKeyFallback])
  if (!options.signingKey) {
    throw new SignatureError('SIGNING_KEY_MISSING', 'Failed to verify the request: no signing key is set. Set BACKLOT_SIGNING_KEY (or pass serve({ signingKey })) to the key the platform signs with.')
  }
  if (header === null || header === undefined || header.trim() === '') {
    throw new SignatureError('SIGNATURE_MISSING', `Failed to verify the request: the ${SIGNATURE_HEADER} header is missing. Requests must come from the backlot platform, which signs each one; for local development without signatures use serve({ dev: true }) or BACKLOT_DEV=1.`)
  }
  const parsed = parseSignatureHeader(header)
  const now = options.now ?? Date.now()
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  const age = Math.floor(now / 1000) - parsed.timestamp
  if (Math.abs(age) > tolerance) {
    const how = age > 0 ? `${age} s old` : `${-age} s in the future`
    throw new SignatureError('SIGNATURE_STALE', `Failed to verify the request: its signature timestamp is ${how}, outside the ${tolerance} s tolerance. Sign each request when it is sent, and keep the platform's and the app's clocks in sync (NTP).`)
  }
  let matched: VerifiedSignature | undefined
  for (const [which, secret] of keys) {
    const expected = await computeSignature(secret, parsed.timestamp, body)
    for (const candidate of parsed.signatures) {
      if (timingSafeEqual(candidate, expected) && !matched) matched = { timestamp: parsed.timestamp, signature: candidate, key: which }
    }
  }
  if (!matched) {
    throw new SignatureError('SIGNATURE_MISMATCH', `Failed to verify the request: the signature does not match the body under the signing key${keys.length > 1 ? ' or its fallback' : ''}. Make sure the app's BACKLOT_SIGNING_KEY is the platform's signing key, and that the raw body reaches serve() unmodified (do not parse it with a body parser first).`)
  }
  const cache = options.replayCache
  if (cache) {
    const seenAt = cache.seenAt(matched.signature, now)
    if (seenAt !== undefined) {
      throw new SignatureError('SIGNATURE_REPLAYED', `Failed to verify the request: this signature was already accepted at ${new Date(seenAt).toISOString()}. Each request is accepted once; the platform signs every call afresh, so this one was replayed.`)
    }
    if (!cache.add(matched.signature, now, (parsed.timestamp + tolerance + 1) * 1000)) {
      throw new SignatureError('REPLAY_CACHE_FULL', `Failed to verify the request: the replay cache holds ${cache.maxEntries} signatures still within their window, so this one could not be remembered and might be replayed. Retry later, or raise serve({ replayCacheSize }).`)
    }
  }
  return matched
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase())
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new SignatureError('SIGNATURE_MALFORMED', `Failed to verify the request: the ${SIGNATURE_HEADER} header ${JSON.stringify(header.slice(0, 120))} is malformed. Expected "t=<unix seconds>,v1=<64 hex digits>".`)
  }
  return { timestamp, signatures }
}

export { timingSafeEqual }
