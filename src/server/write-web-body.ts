import type { ServerResponse } from 'node:http'

const LATER = Symbol('later')

/**
 * Writes a Web Response's body to a Node response whose status and headers are set. A body that is complete at once (a Response made
 * from a string or bytes: every JSON answer) goes out with its Content-Length in one `end()`,
 * headers and body in one write; a body still being produced within this turn of the event
 * loop (an event stream) is written chunk by chunk as it comes, with backpressure.
 * Why: piping a finished body through `Readable.fromWeb` sends it chunked, and the chunked
 * terminator is a second write (a second packet and wake-up of the peer) on every answer.
 */
export async function writeWebBody(res: ServerResponse, body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return void res.end()
  const reader = body.getReader()
  const turn = new Promise<typeof LATER>((resolve) => setImmediate(resolve, LATER))
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const pending = reader.read()
      const next = await Promise.race([pending, turn])
      if (next === LATER) return await streamRest(res, reader, chunks, pending)
      if (next.done) break
      chunks.push(next.value)
      size += next.value.byteLength
    }
  } catch {
    return void res.destroy()
  }
  if (!res.hasHeader('content-length')) res.setHeader('content-length', size)
  res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
}

/** Writes the chunks read so far, then the rest of the body as it arrives; stops when the client goes. */
async function streamRest(res: ServerResponse, reader: ReadableStreamDefaultReader<Uint8Array>, chunks: Uint8Array[], pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]>): Promise<void> {
  let closed = false
  res.once('close', () => {
    closed = true
    reader.cancel().catch(() => {})
  })
  for (const chunk of chunks) res.write(chunk)
  try {
    for (let next = await pending; !next.done && !closed; next = await reader.read()) {
      if (!res.write(next.value)) await drained(res)
    }
  } catch {
    return void res.destroy()
  }
  if (!closed) res.end()
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.once('drain', done)
    res.once('close', done)
  })
}
