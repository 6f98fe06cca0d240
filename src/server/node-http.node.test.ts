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
})
