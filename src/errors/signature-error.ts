import { BacklotError } from './backlot-error.js'
import { markErrorClass } from './error-marker.js'

/** Why a signed request was refused. Each code answers 401, except SIGNING_KEY_MISSING (500) and REPLAY_CACHE_FULL (503). */
export type SignatureErrorCode =
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_STALE'
  | 'SIGNATURE_MISMATCH'
  | 'SIGNATURE_REPLAYED'
  | 'SIGNING_KEY_MISSING'
  | 'REPLAY_CACHE_FULL'

/**
 * A request to `serve()` could not be authenticated: its `x-backlot-signature` is missing,
 * malformed, too old, does not match the body, or was already used; or the app has no key.
 *
 * @example
 * try { await verifySignature(body, header, { signingKey }) } catch (e) {
 *   if (SignatureError.is(e)) console.log(e.code) // 'SIGNATURE_STALE'
 * }
 */
export class SignatureError extends BacklotError {
  declare readonly code: SignatureErrorCode

  constructor(code: SignatureErrorCode, message: string) {
    super(code, message)
  }

  static is(value: unknown): value is SignatureError {
    return value instanceof SignatureError
  }
}
markErrorClass(SignatureError, 'backlot.SignatureError')
