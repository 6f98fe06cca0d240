import { describe, expect, it } from 'vitest'
import { listen } from './node-http.js'

describe('listen', () => {
  it('serves a Web handler on 127.0.0.1 and passes the body through', async () => {
    const server = await listen(async (req) => new Response(JSON.stringify({ method: req.method, body: await req.text() }), { status: 201, headers: { 'content-type': 'application/json' } }))
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const res = await fetch(server.url + '/x', { method: 'POST', body: 'hello' })
      expect(res.status).toBe(201)
      expect(await res.json()).toEqual({ method: 'POST', body: 'hello' })
    } finally {
      await server.close()
    }
  })

  it('answers 500 with a JSON body when the handler throws', async () => {
    const server = await listen(() => {
      throw new Error('boom')
    })
    try {
      const res = await fetch(server.url)
      expect(res.status).toBe(500)
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('boom')
    } finally {
      await server.close()
    }
  })

  it('sends a body complete at once with its Content-Length, in one piece', async () => {
    const server = await listen(() => new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } }))
    try {
      const res = await fetch(server.url)
      expect(res.headers.get('content-length')).toBe('11')
      expect(res.headers.get('transfer-encoding')).toBeNull()
      expect(await res.json()).toEqual({ ok: true })
    } finally {
      await server.close()
    }
  })

  it('streams a body still being produced: the first chunk arrives before the stream ends', async () => {
    let finish!: () => void
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: first\n\n'))
        finish = () => (controller.enqueue(encoder.encode('data: last\n\n')), controller.close())
      },
    })
    const server = await listen(() => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }))
    try {
      const res = await fetch(server.url)
      const reader = res.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n')
      finish()
      let rest = ''
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value)
      expect(rest).toBe('data: last\n\n')
    } finally {
      await server.close()
    }
  })
})
