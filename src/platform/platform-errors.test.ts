import { afterEach, describe, expect, it } from 'vitest'
import { ErrorBodySchema } from '../protocol/api-error.js'
import { json, platformFixture, ROTATED, type CallInit } from './api.fixture.js'

let fx: ReturnType<typeof platformFixture>
afterEach(() => fx.dispose())

/** Calls the API, checks the status and error code, and that the platform's state is unchanged. */
async function expectRefused(method: string, path: string, init: CallInit, status: number, code: string): Promise<string> {
  const before = fx.snapshot()
  const res = await fx.call(method, path, init)
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const body = ErrorBodySchema.parse(await json(res))
  expect(body.error.code).toBe(code)
  expect(body.error.message).toMatch(/^Failed to /)
  expect(fx.snapshot()).toBe(before)
  return body.error.message
}

async function seededRun(): Promise<string> {
  const { id } = await json(await fx.call('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' } } }))
  await fx.driver.settle()
  return id
}

describe('platform API: authentication', () => {
  it('refuses a request without an Authorization header with 401', async () => {
    fx = platformFixture()
    const message = await expectRefused('POST', '/tasks/send-email/trigger', { key: null, body: { payload: { to: 'a' } } }, 401, 'UNAUTHORIZED')
    expect(message).toContain('Authorization: Bearer')
  })

  it('refuses a wrong secret key with 401 on every endpoint', async () => {
    fx = platformFixture()
    const id = await seededRun()
    for (const [method, path] of [['POST', '/tasks/send-email/trigger'], ['POST', '/tasks/send-email/batch'], ['GET', `/runs/${id}`], ['GET', '/runs'], ['POST', `/runs/${id}/cancel`], ['POST', `/runs/${id}/replay`], ['POST', '/crons'], ['GET', '/crons'], ['DELETE', '/crons/x'], ['GET', '/events']] as const) {
      const message = await expectRefused(method, path, { key: 'sk_wrong', body: method === 'POST' ? { payload: { to: 'a' } } : undefined }, 401, 'UNAUTHORIZED')
      expect(message).toContain('BACKLOT_SECRET_KEY')
    }
  })

  it('accepts the rotated key', async () => {
    fx = platformFixture()
    expect((await fx.call('GET', '/runs', { key: ROTATED })).status).toBe(200)
  })

  it('refuses a request for another project with 403', async () => {
    fx = platformFixture({ ref: 'proj_a' })
    await expectRefused('GET', '/runs', { headers: { 'x-backlot-project-ref': 'proj_b' } }, 403, 'PROJECT_MISMATCH')
    await expectRefused('GET', '/runs', {}, 403, 'PROJECT_MISMATCH')
    expect((await fx.call('GET', '/runs', { headers: { 'x-backlot-project-ref': 'proj_a' } })).status).toBe(200)
  })
})

describe('platform API: bad input', () => {
  it('refuses malformed JSON with 400 on every endpoint that reads a body', async () => {
    fx = platformFixture()
    const id = await seededRun()
    for (const path of ['/tasks/send-email/trigger', '/tasks/send-email/batch', `/runs/${id}/cancel`, '/crons']) {
      const message = await expectRefused('POST', path, { raw: '{"payload": {' }, 400, 'INVALID_JSON')
      expect(message).toContain('not valid JSON')
    }
  })

  it('refuses a body over the limit with 413, by declared length or as streamed', async () => {
    fx = platformFixture({ maxBodyBytes: 1024 })
    const big = JSON.stringify({ payload: { to: 'x'.repeat(2000) } })
    const message = await expectRefused('POST', '/tasks/send-email/trigger', { raw: big }, 413, 'PAYLOAD_TOO_LARGE')
    expect(message).toContain('1024 bytes')
    const chunks = [big.slice(0, 800), big.slice(800)]
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(new TextEncoder().encode(next))
      },
    })
    await expectRefused('POST', '/tasks/send-email/batch', { raw: stream }, 413, 'PAYLOAD_TOO_LARGE')
  })

  it('refuses a body of the wrong shape with 400 naming the field', async () => {
    fx = platformFixture()
    expect(await expectRefused('POST', '/tasks/send-email/trigger', { body: { payload: {}, options: { dealy: '1h' } } }, 400, 'INVALID_REQUEST')).toContain('dealy')
    expect(await expectRefused('POST', '/tasks/send-email/batch', { body: { items: [] } }, 400, 'INVALID_REQUEST')).toContain('items')
    expect(await expectRefused('POST', '/crons', { body: { cron: '* * * * *' } }, 400, 'INVALID_REQUEST')).toContain('name')
  })

  it('refuses a payload its task schema rejects with 400', async () => {
    fx = platformFixture()
    expect(await expectRefused('POST', '/tasks/typed/trigger', { body: { payload: { n: 'one' } } }, 400, 'INVALID_PAYLOAD')).toContain('n:')
  })

  it('refuses an invalid delay and an invalid cron expression with 400', async () => {
    fx = platformFixture()
    await expectRefused('POST', '/tasks/send-email/trigger', { body: { payload: { to: 'a' }, options: { delay: 'soon' } } }, 400, 'INVALID_DURATION')
    const message = await expectRefused('POST', '/crons', { body: { name: 'nightly', cron: 'every night' } }, 400, 'INVALID_CRON')
    expect(message).toContain('every night')
  })

  it('refuses a whole batch when one item is invalid', async () => {
    fx = platformFixture()
    const message = await expectRefused('POST', '/tasks/typed/batch', { body: { items: [{ payload: { n: 1 } }, { payload: { n: 'two' } }] } }, 400, 'INVALID_PAYLOAD')
    expect(message).toContain('batch item 1')
    await expectRefused('POST', '/tasks/typed/batch', { body: { items: [{ payload: { n: 1 } }, { payload: { n: 2 }, options: { delay: 'later' } }] } }, 400, 'INVALID_DURATION')
  })

  it('refuses a bad list query and a bad wait with 400', async () => {
    fx = platformFixture()
    const id = await seededRun()
    await expectRefused('GET', '/runs?limit=0', {}, 400, 'INVALID_REQUEST')
    await expectRefused('GET', '/runs?status=done', {}, 400, 'INVALID_REQUEST')
    await expectRefused('GET', `/runs/${id}?wait=forever`, {}, 400, 'INVALID_DURATION')
  })
})

describe('platform API: not found', () => {
  it('answers 404 UNKNOWN_TASK for a task the platform does not know', async () => {
    fx = platformFixture()
    const message = await expectRefused('POST', '/tasks/nope/trigger', { body: { payload: {} } }, 404, 'UNKNOWN_TASK')
    expect(message).toContain('"nope"')
    await expectRefused('POST', '/tasks/nope/batch', { body: { items: [{ payload: {} }] } }, 404, 'UNKNOWN_TASK')
  })

  it('answers 404 RUN_NOT_FOUND for a run that does not exist', async () => {
    fx = platformFixture()
    for (const [method, path] of [['GET', '/runs/run_missing'], ['GET', '/runs/run_missing?wait=30s'], ['POST', '/runs/run_missing/cancel'], ['POST', '/runs/run_missing/replay'], ['GET', '/events?runId=run_missing']] as const) {
      expect(await expectRefused(method, path, {}, 404, 'RUN_NOT_FOUND')).toContain('"run_missing"')
    }
  })

  it('answers 404 CRON_NOT_FOUND when deleting a cron that does not exist', async () => {
    fx = platformFixture()
    await expectRefused('DELETE', '/crons/nope', {}, 404, 'CRON_NOT_FOUND')
  })

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    fx = platformFixture()
    await expectRefused('GET', '/nothing-here', {}, 404, 'NOT_FOUND')
    const res = await fx.api(new Request('http://platform.test/api/v2/runs'))
    expect(res.status).toBe(404)
    expect(await expectRefused('DELETE', '/runs', {}, 405, 'METHOD_NOT_ALLOWED')).toContain('GET')
  })
})
