import { afterEach, describe, expect, it } from 'vitest'
import { RunRecordSchema } from '../protocol/api-run-record.js'
import { ListRunsResponseSchema } from '../protocol/api-runs.js'
import { BatchTriggerResponseSchema, TriggerResponseSchema } from '../protocol/api-trigger.js'
import { json, platformFixture } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

describe('platform API: runs', () => {
  it('triggers a run and answers 201 with its id', async () => {
    fx = platformFixture()
    const res = await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a@b.c' } } })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-backlot-api-version')).toBe('1')
    const body = TriggerResponseSchema.parse(await json(res))
    expect(body).toMatchObject({ taskId: 'send-email', deduplicated: false })
    expect(fx.engine.getRun(body.id)).toMatchObject({ taskId: 'send-email', payload: { to: 'a@b.c' } })
  })

  it('answers 200 with the existing run for a live idempotency key', async () => {
    fx = platformFixture()
    const body = { payload: { to: 'a@b.c' }, options: { idempotencyKey: 'welcome-1' } }
    const first = await json(await fx.call('POST', '/tasks/send-email/trigger', { body }))
    const again = await fx.call('POST', '/tasks/send-email/trigger', { body })
    expect(again.status).toBe(200)
    expect(await json(again)).toEqual({ id: first.id, taskId: 'send-email', deduplicated: true })
    expect(fx.engine.listRuns()).toHaveLength(1)
  })

  it('delays a run by a duration or until an ISO time', async () => {
    fx = platformFixture()
    const a = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: '1h' } } }))
    const b = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'b' }, options: { delayUntil: '2026-01-02T00:00:00Z' } } }))
    expect(fx.engine.getRun(a.id).waitingFor).toEqual({ kind: 'delay', until: '2026-01-01T01:00:00.000Z' })
    expect(fx.engine.getRun(b.id).waitingFor).toEqual({ kind: 'delay', until: '2026-01-02T00:00:00.000Z' })
  })

  it('batch-triggers one run per item, in order', async () => {
    fx = platformFixture()
    const res = await fx.call('POST', '/tasks/send-email/batch', { body: { items: [{ payload: { to: 'a' } }, { payload: { to: 'b' }, options: { delay: 1000 } }] } })
    expect(res.status).toBe(201)
    const { runs } = BatchTriggerResponseSchema.parse(await json(res))
    expect(runs.map((r) => fx.engine.getRun(r.id).payload)).toEqual([{ to: 'a' }, { to: 'b' }])
  })

  it('gets a run record equal to the engine record', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.runUntilIdle()
    const res = await fx.call('GET', `/runs/${id}`)
    expect(res.status).toBe(200)
    const record = RunRecordSchema.parse(await json(res))
    expect(record).toEqual(fx.engine.getRun(id))
    expect(record).toMatchObject({ status: 'completed', result: { sent: true, to: 'a' } })
  })

  it('lists runs filtered by task, status and limit, oldest first', async () => {
    fx = platformFixture()
    for (const to of ['a', 'b', 'c']) await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to } } })
    await fx.call('POST', '/tasks/always-fails/trigger', {})
    await fx.driver.runUntilIdle()
    const list = async (query: string) => ListRunsResponseSchema.parse(await json(await fx.call('GET', `/runs${query}`))).runs
    expect((await list('')).map((r) => r.taskId)).toEqual(['send-email', 'send-email', 'send-email', 'always-fails'])
    expect((await list('?taskId=send-email&limit=2')).map((r) => r.payload)).toEqual([{ to: 'a' }, { to: 'b' }])
    expect((await list('?status=failed')).map((r) => r.taskId)).toEqual(['always-fails'])
    expect(await list('?status=failed,cancelled&status=pending')).toHaveLength(1)
  })

  it('cancels a sleeping run, and cancelling it again changes nothing', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    await fx.driver.settle()
    expect(fx.engine.getRun(id).waitingFor?.kind).toBe('sleep')
    const res = await fx.call('POST', `/runs/${id}/cancel`, { body: { reason: 'user asked' } })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ id, status: 'cancelled' })
    const before = fx.snapshot()
    expect((await fx.call('POST', `/runs/${id}/cancel`)).status).toBe(200)
    expect(fx.snapshot()).toBe(before)
  })

  it("replays a run's payload as a new run of the same task", async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    const res = await fx.call('POST', `/runs/${id}/replay`)
    expect(res.status).toBe(201)
    const replay = TriggerResponseSchema.parse(await json(res))
    expect(replay.id).not.toBe(id)
    expect(fx.engine.getRun(replay.id)).toMatchObject({ taskId: 'send-email', payload: { to: 'a' } })
  })

  it('answers a retried POST with the same request id with the first answer', async () => {
    fx = platformFixture()
    const headers = { 'x-backlot-request-id': 'req-1' }
    const first = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } }, headers }))
    const retry = await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } }, headers })
    expect(retry.status).toBe(201)
    expect(await json(retry)).toEqual(first)
    expect(fx.engine.listRuns()).toHaveLength(1)
  })
})

describe('platform API: long-poll', () => {
  it('answers when the run ends as the virtual clock is driven', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
    const pending = fx.call('GET', `/runs/${id}?wait=30s`)
    await fx.driver.runUntilIdle()
    const res = await pending
    expect(res.headers.get('x-backlot-wait')).toBe('ended')
    expect(await json(res)).toMatchObject({ id, status: 'completed' })
    expect(fx.clock.pendingTimers()).toBe(0)
  })

  it('answers with the current record when the wait elapses on the engine clock', async () => {
    fx = platformFixture({ waitTimers: 'clock' })
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: '1h' } } }))
    const pending = fx.call('GET', `/runs/${id}?wait=10s`)
    await fx.driver.advance('10s')
    const res = await pending
    expect(res.headers.get('x-backlot-wait')).toBe('elapsed')
    expect(await json(res)).toMatchObject({ id, status: 'pending' })
  })

  it('answers at once when the run has ended or the wait is zero', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: '1h' } } }))
    const res = await fx.call('GET', `/runs/${id}?wait=0`)
    expect(res.headers.get('x-backlot-wait')).toBe('elapsed')
    await fx.driver.runUntilIdle()
    expect((await fx.call('GET', `/runs/${id}?wait=30s`)).headers.get('x-backlot-wait')).toBe('ended')
  })

  it('answers when the request is aborted or the API is closed', async () => {
    fx = platformFixture()
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: '1h' } } }))
    const controller = new AbortController()
    const aborted = fx.call('GET', `/runs/${id}?wait=30s`, { signal: controller.signal })
    const closed = fx.call('GET', `/runs/${id}?wait=30s`)
    controller.abort()
    expect((await aborted).headers.get('x-backlot-wait')).toBe('aborted')
    fx.api.close()
    expect((await closed).headers.get('x-backlot-wait')).toBe('closed')
  })

  it('drives the virtual clock until the run ends when given `drive`', async () => {
    fx = platformFixture({ drive: true })
    const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: '30 days' } } }))
    const res = await fx.call('GET', `/runs/${id}?wait=30s`)
    expect(await json(res)).toMatchObject({ status: 'completed', completedAt: '2026-01-31T00:01:00.000Z' })
  })
})
