import { describe, expect, it } from 'vitest'
import { task } from '../sdk/task.js'
import { serve } from './serve.js'

describe('serve(): a body read upstream', () => {
  it('answers 500 BODY_ALREADY_READ, saying how to mount it, when a middleware has read the body', async () => {
    const t = task({ id: 'body-read', run: async () => 1 })
    const { POST } = serve({ tasks: [t], dev: true })
    const used = new Request('http://app.test/api/tasks', { method: 'POST', body: '{"version":1}' })
    await used.json() // what Hono's c.req.json() does to c.req.raw
    const locked = new Request('http://app.test/api/tasks', { method: 'POST', body: '{"version":1}' })
    locked.body!.getReader()
    for (const request of [used, locked]) {
      const res = await POST(request)
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('BODY_ALREADY_READ')
      expect(body.error.message).toMatch(/^Failed to verify the request: its body was already read .*Mount the backlot handler before/)
    }
  })
})
