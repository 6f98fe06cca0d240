import { describe, expect, it } from 'vitest'
import { task } from '../sdk/task.js'
import { serve } from './serve.js'

describe('serve(): deeply nested requests', () => {
  it('answers 400 INVALID_REQUEST to an execution request nested thousands of levels deep, and runs nothing', async () => {
    let ran = 0
    const echo = task({ id: 'deep-echo', run: async (payload: unknown) => (ran++, payload) })
    const { POST } = serve({ tasks: [echo], dev: true })
    const payload = '['.repeat(4_500) + ']'.repeat(4_500)
    const body = `{"version":1,"requestId":"req_1","now":0,"invocation":{"runId":"run_1","taskId":"deep-echo","attempt":1,"payload":${payload},"journal":[],"dispatched":[],"createdAt":0}}`
    const res = await POST(new Request('http://app.test/api/tasks', { method: 'POST', body }))
    expect(res.status).toBe(400)
    const answer = (await res.json()) as { error: { code: string; message: string } }
    expect(answer.error.code).toBe('INVALID_REQUEST')
    expect(answer.error.message).toMatch(/^Failed to accept the execution request: it nests objects or arrays more than 512 levels deep/)
    expect(ran).toBe(0)
  })
})
