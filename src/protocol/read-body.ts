/** The raw body, or how much too big it was. */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; tooLarge: true; received: number }

/**
 * Reads a request body, stopping as soon as it passes `limit` bytes. A declared
 * Content-Length over the limit is refused before reading; an absent or lying one is caught
 * while reading.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {})
    return { ok: false, tooLarge: true, received: declared }
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => {})
      return { ok: false, tooLarge: true, received: total }
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, bytes }
}
