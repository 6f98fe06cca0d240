import { constantTimeEqual } from '../protocol/constant-time.js'
import { ValidationError } from '../errors/input-errors.js'
import { API_HEADERS } from '../protocol/api-version.js'
import { ApiError } from './api-error.js'

/**
 * Checks `Authorization: Bearer <secretKey>` against every accepted key in constant time:
 * each comparison walks the whole accepted key without an early exit, and every key is compared,
 * so timing tells nothing about how much of a guess was right. Synchronous, so a request is
 * routed (and a long-poll armed) in the same tick it arrives.
 */
export function bearerAuth(secretKeys: string | readonly string[], ref?: string): (request: Request) => void {
  const keys = typeof secretKeys === 'string' ? [secretKeys] : [...(secretKeys ?? [])]
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new ValidationError('INVALID_CONFIG', 'Failed to create the platform API: `secretKeys` must hold at least one non-empty string. Pass secretKeys: [process.env.BACKLOT_SECRET_KEY].')
  }
  const encoder = new TextEncoder()
  const accepted = keys.map((k) => encoder.encode(k))
  return (request) => {
    const header = request.headers.get(API_HEADERS.authorization)
    const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
    if (!match) {
      throw unauthorized('the request has no `Authorization: Bearer <secretKey>` header. Send the secret key of this platform (BACKLOT_SECRET_KEY)')
    }
    const presented = encoder.encode(match[1]!)
    let ok = 0
    for (const key of accepted) ok |= constantTimeEqual(presented, key)
    if (ok !== 1) throw unauthorized('the secret key is not one this platform accepts. Check BACKLOT_SECRET_KEY (or the secretKey passed to configure()) against the platform\'s keys')
    if (ref !== undefined) {
      const given = request.headers.get(API_HEADERS.projectRef)
      if (given !== ref) {
        throw new ApiError(403, 'PROJECT_MISMATCH', `Failed to authorize the request: it names project ${given === null ? 'no project' : JSON.stringify(given)}, but this platform serves project ${JSON.stringify(ref)}. Set BACKLOT_PROJECT_REF (or \`ref\` in configure()) to ${JSON.stringify(ref)}.`)
      }
    }
  }
}

function unauthorized(reason: string): ApiError {
  return new ApiError(401, 'UNAUTHORIZED', `Failed to authenticate: ${reason}.`, { 'www-authenticate': 'Bearer' })
}
