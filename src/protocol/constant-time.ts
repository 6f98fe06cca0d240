const encoder = new TextEncoder()

/**
 * 1 when the bytes are equal, 0 otherwise, in time that depends only on the length of
 * `accepted` (the secret side), never on where the two differ or on `presented`'s length.
 *
 * @example
 * constantTimeEqual(new TextEncoder().encode(bearer), secretKeyBytes) === 1
 */
export function constantTimeEqual(presented: Uint8Array, accepted: Uint8Array): number {
  let diff = presented.length ^ accepted.length
  for (let i = 0; i < accepted.length; i++) diff |= accepted[i]! ^ (presented[i] ?? 0)
  return diff === 0 ? 1 : 0
}

/**
 * The same comparison for strings (signatures, keys), as their UTF-8 bytes.
 *
 * @example
 * timingSafeEqual(receivedHex, expectedHex)
 */
export function timingSafeEqual(presented: string, accepted: string): boolean {
  return constantTimeEqual(encoder.encode(presented), encoder.encode(accepted)) === 1
}
