import { afterEach, describe, expect, it } from 'vitest'
import { BulkCancelResponseSchema, ListRunSummariesResponseSchema } from '../protocol/api-run-query.js'
import { ListRunsResponseSchema } from '../protocol/api-runs.js'
import { VirtualClock } from '../clock/virtual-clock.js'
import { Engine } from '../engine/engine.js'
import { task } from '../sdk/task.js'
import { json, platformFixture } from './api.fixture.js'
import { createPlatformApi } from './create-platform-api.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx?.dispose())

async function trigger(taskId: string, payload: unknown, options?: unknown): Promise<string> {
  const res = await fx.call('POST', `/tasks/${taskId}/trigger`, { body: options === undefined ? { payload } : { payload, options } })
  return (await json(res)).id
}

describe('platform API: listing runs for the dashboard', () => {
  it('pages through runs newest first with a cursor, in summary rows', async () => {
    fx = platformFixture()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      ids.push(await trigger('typed', { n: i }))
      fx.clock.advance('1s')
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `/runs?view=summary&order=desc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = ListRunSummariesResponseSchema.parse(await json(await fx.call('GET', query)))
      seen.push(...page.runs.map((r) => r.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    expect(pages).toBe(3)
  })

  it('filters by task, status, id search, idempotency key and creation time', async () => {
    fx = platformFixture()
    const a = await trigger('send-email', { to: 'a' }, { idempotencyKey: 'k-1' })
    fx.clock.advance('10s')
    const b = await trigger('typed', { n: 1 })
    await fx.driver.settle()
    const list = async (q: string): Promise<string[]> => ListRunsResponseSchema.parse(await json(await fx.call('GET', `/runs?${q}`))).runs.map((r) => r.id)
    expect(await list('taskId=typed')).toEqual([b])
    expect(await list('status=running')).toEqual([a])
    expect(await list(`q=${b.slice(-4)}`)).toEqual([b])
    expect(await list('idempotencyKey=k-1')).toEqual([a])
    expect(await list('from=2026-01-01T00:00:05Z')).toEqual([b])
    expect(await list(`to=${Date.UTC(2026, 0, 1, 0, 0, 5)}`)).toEqual([a])
  })

  it('lists the children of a parent and the runs of a cron', async () => {
    fx = platformFixture()
    await fx.call('POST', '/crons', { body: { name: 'nightly', cron: '0 0 * * *', taskId: 'typed', payload: { n: 2 } } })
    await fx.driver.advance('1d')
    const { runs } = ListRunsResponseSchema.parse(await json(await fx.call('GET', '/runs?cron=nightly')))
    expect(runs.map((r) => r.cron)).toEqual(['nightly'])
    const none = ListRunsResponseSchema.parse(await json(await fx.call('GET', `/runs?parentId=${runs[0]!.id}`)))
    expect(none.runs).toEqual([])
  })

  it('refuses a cursor it did not make', async () => {
    fx = platformFixture()
    const res = await fx.call('GET', '/runs?cursor=nonsense')
    expect(res.status).toBe(400)
    expect((await json(res)).error.message).toMatch(/Failed to accept the query: cursor "nonsense"/)
  })
})

describe('platform API: bulk cancel', () => {
  it('cancels runs by id and says which had ended or do not exist', async () => {
    fx = platformFixture()
    const a = await trigger('send-email', { to: 'a' })
    const b = await trigger('always-fails', {})
    await fx.driver.settle()
    const res = await fx.call('POST', '/runs/cancel', { body: { ids: [a, b, 'run_nope'], reason: 'cleanup' } })
    expect(BulkCancelResponseSchema.parse(await json(res))).toEqual({ cancelled: [a], alreadyEnded: [b], notFound: ['run_nope'], more: false })
    expect(fx.engine.getRun(a).status).toBe('cancelled')
  })

  it('cancels every unfinished run a filter matches', async () => {
    fx = platformFixture()
    const a = await trigger('send-email', { to: 'a' })
    const b = await trigger('send-email', { to: 'b' }, { delay: '1h' })
    const c = await trigger('typed', { n: 1 }, { delay: '1h' })
    const res = await fx.call('POST', '/runs/cancel', { body: { filter: { taskId: 'send-email' } } })
    expect((await json(res)).cancelled).toEqual([a, b])
    expect(fx.engine.getRun(c).status).toBe('pending')
  })

  it('refuses a body with both ids and a filter', async () => {
    fx = platformFixture()
    const res = await fx.call('POST', '/runs/cancel', { body: { ids: ['x'], filter: {} } })
    expect(res.status).toBe(400)
    expect((await json(res)).error.message).toMatch(/exactly one of `ids` and `filter`/)
  })
})

describe('platform API: rerun and wake', () => {
  it('reruns a run with an edited payload, checked against the task schema', async () => {
    fx = platformFixture()
    const id = await trigger('typed', { n: 1 })
    const res = await fx.call('POST', `/runs/${id}/replay`, { body: { payload: { n: 21 } } })
    expect(res.status).toBe(201)
    const rerun = (await json(res)).id
    await fx.driver.untilEnded(rerun)
    expect(fx.engine.getRun(rerun)).toMatchObject({ payload: { n: 21 }, result: 42 })
    const bad = await fx.call('POST', `/runs/${id}/replay`, { body: { payload: { n: 'x' } } })
    expect(bad.status).toBe(400)
  })

  it('wakes a sleeping run and a delayed run now', async () => {
    fx = platformFixture()
    const sleeping = await trigger('send-email', { to: 'a' })
    const delayed = await trigger('typed', { n: 2 }, { delay: '1h' })
    await fx.driver.settle()
    expect(fx.engine.getRun(sleeping).waitingFor?.kind).toBe('sleep')
    expect((await fx.call('POST', `/runs/${sleeping}/wake`)).status).toBe(200)
    expect((await fx.call('POST', `/runs/${delayed}/wake`)).status).toBe(200)
    await fx.driver.settle()
    expect(fx.engine.getRun(sleeping)).toMatchObject({ status: 'completed', result: { sent: true, to: 'a' } })
    expect(fx.engine.getRun(delayed)).toMatchObject({ status: 'completed', result: 4 })
    expect(fx.clock.now()).toBe(Date.UTC(2026, 0, 1))
  })

  it('answers 409 RUN_NOT_WAKEABLE for a run that waits on nothing it can skip', async () => {
    fx = platformFixture()
    const id = await trigger('typed', { n: 1 })
    await fx.driver.settle()
    const res = await fx.call('POST', `/runs/${id}/wake`)
    expect(res.status).toBe(409)
    expect(await json(res)).toEqual({ error: { code: 'RUN_NOT_WAKEABLE', message: expect.stringMatching(/^Failed to wake run ".+": it has ended \(completed\)\. Wake only/) } })
  })
})

describe('platform API: children of a parent', () => {
  it('lists exactly the children of the parent, in summary rows with their counts', async () => {
    const leaf = task('leaf', async (_ctx, n: number) => n)
    const mid = task('mid', async (ctx, n: number) => void (await ctx.task('leaf', n * 10)))
    const root = task('root', async (ctx) => {
      await ctx.task('mid', 1)
      await ctx.task('mid', 2)
    })
    const engine = new Engine({ clock: new VirtualClock(), tasks: [leaf, mid, root], seed: 3 })
    const api = createPlatformApi({ engine, secretKeys: 'k' })
    try {
      const parent = engine.trigger(root, undefined)
      await engine.waitForRun(parent.id)
      for (const id of parent.children!) await engine.waitForRun(id)
      const res = await api(new Request(`http://x/api/v1/runs?view=summary&parentId=${parent.id}`, { headers: { authorization: 'Bearer k' } }))
      const { runs } = ListRunSummariesResponseSchema.parse(await json(res))
      expect(runs.map((r) => [r.id, r.taskId, r.parentId, r.childCount])).toEqual(parent.children!.map((id) => [id, 'mid', parent.id, 1]))
    } finally {
      api.close()
      engine.dispose()
    }
  })
})
