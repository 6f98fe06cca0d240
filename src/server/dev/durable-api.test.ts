import { describe, expect, it } from 'vitest'
import { MemoryRunStore } from '../../store/memory-run-store.js'
import { StoreError } from '../../store/store-errors.js'
import { durableApi } from './durable-api.js'

const request = () => new Request('http://127.0.0.1/api/v1/tasks/t/trigger', { method: 'POST' })

describe('durableApi', () => {
  it('answers only after the store has made the change durable', async () => {
    const store = new MemoryRunStore()
    let release!: () => void
    store.flush = () => new Promise<void>((resolve) => (release = resolve))
    let answered = false
    const answer = Promise.resolve(durableApi(async () => new Response('{"id":"run_1"}', { status: 201 }), store)(request())).then((r: Response) => ((answered = true), r))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(answered).toBe(false)
    release()
    expect((await answer).status).toBe(201)
  })

  it('answers 503 with the reason when the write fails', async () => {
    const store = new MemoryRunStore()
    store.flush = () => Promise.reject(new StoreError('STORE_WRITE_FAILED', 'Failed to write 3 change(s) to x.db: disk full. Free disk space.'))
    const response = await durableApi(async () => new Response('{}', { status: 201 }), store)(request())
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ error: { code: 'STORE_WRITE_FAILED', message: 'Failed to write 3 change(s) to x.db: disk full. Free disk space.' } })
  })
})
