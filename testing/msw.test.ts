import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  cancelTask,
  configure,
  createCron,
  getTask,
  listCrons,
  RunNotFoundError,
  resetConfiguration,
  task,
  TaskRunFailedError,
} from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { platformHandlers } from 'backlot/testing/msw'

const BASE_URL = 'https://platform.test'
const config = { secretKey: 'sk_test', ref: 'proj_test' }

// Seed 000's task, verbatim apart from the mailer.
const sent: string[] = []
const sendEmail = task({
  id: 'send-email',
  run: async ({ to, template }: { to: string; template: string }) => {
    sent.push(`${template}:${to}`)
    return { sent: true }
  },
})
const processOrder = task({
  id: 'process-order',
  retry: { maxAttempts: 3, backoff: 'exponential' },
  run: async ({ orderId }: { orderId: string }, { step }) => {
    await step.sleep('cooldown', '1 minute')
    if (orderId === 'bad') throw new Error(`Failed to charge order ${orderId}: card declined.`)
    return { orderId, charged: true }
  },
})

const platform = createTestEngine({ tasks: [sendEmail, processOrder], seed: 3 })
const server = setupServer(...platformHandlers({ engine: platform, baseUrl: BASE_URL, secretKey: 'sk_test', ref: 'proj_test' }))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => resetConfiguration())
afterAll(() => {
  server.close()
  platform.dispose()
})

describe('msw platform handlers running seed-style code offline', () => {
  it('triggers a task over HTTP and reads its status with getTask', async () => {
    configure({ baseUrl: BASE_URL, ...config })
    const handle = await sendEmail.trigger({ to: 'user@example.com', template: 'welcome' })
    expect(handle.id).toMatch(/^run_/)
    await platform.runUntilIdle()
    const status = await getTask(config, handle.id)
    expect(status).toMatchObject({ id: handle.id, status: 'completed', result: { sent: true } })
    expect(status).toEqual(platform.run(handle.id))
    expect(sent).toContain('welcome:user@example.com')
  })

  it('waits for a result with triggerAndWait while the platform moves its virtual clock', async () => {
    configure({ baseUrl: BASE_URL, ...config })
    const before = platform.now().getTime()
    expect(await processOrder.triggerAndWait({ orderId: 'o1' })).toEqual({ orderId: 'o1', charged: true })
    expect(platform.now().getTime() - before).toBeGreaterThanOrEqual(60_000)
    await expect(processOrder.triggerAndWait({ orderId: 'bad' })).rejects.toSatisfy((e) => TaskRunFailedError.is(e) && /card declined/.test(e.message))
  })

  it('batch-triggers runs and waits for each with waitForCompletion', async () => {
    configure({ baseUrl: BASE_URL, ...config })
    const batch = await sendEmail.batchTrigger([
      { to: 'a@example.com', template: 'welcome' },
      { to: 'b@example.com', template: 'welcome' },
      { to: 'c@example.com', template: 'welcome' },
    ])
    const results = await Promise.all(batch.runs.map((h) => h.waitForCompletion()))
    expect(results).toEqual([{ sent: true }, { sent: true }, { sent: true }])
  })

  it('cancels a delayed run with cancelTask', async () => {
    configure({ baseUrl: BASE_URL, ...config })
    const handle = await sendEmail.trigger({ to: 'later@example.com', template: 'follow-up' }, { delay: '1h' })
    expect(await cancelTask(config, handle.id)).toMatchObject({ id: handle.id, status: 'cancelled' })
    expect(platform.run(handle.id).status).toBe('cancelled')
  })

  it('creates a cron with createCron and lists it', async () => {
    configure({ baseUrl: BASE_URL, ...config })
    const cron = await createCron(config, { name: 'daily-report', cron: '0 9 * * *', callbackUrl: 'https://myapp.com/api/tasks', taskId: 'send-email', payload: { to: 'ops@example.com', template: 'daily' } })
    expect(cron).toMatchObject({ name: 'daily-report', source: 'created', timezone: 'UTC' })
    expect((await listCrons(config)).map((c) => c.name)).toContain('daily-report')
  })

  it('reaches the platform through a config with its own baseUrl, without configure()', async () => {
    const handle = platform.trigger(sendEmail, { to: 'x@example.com', template: 'welcome' })
    await platform.runUntilIdle()
    expect(await getTask({ ...config, baseUrl: BASE_URL }, handle.id)).toMatchObject({ status: 'completed' })
    await expect(getTask({ ...config, baseUrl: BASE_URL }, 'run_missing')).rejects.toBeInstanceOf(RunNotFoundError)
  })

  it('refuses a wrong secret key with an AuthenticationError', async () => {
    const error = await getTask({ baseUrl: BASE_URL, secretKey: 'sk_wrong', ref: 'proj_test' }, 'run_1').catch((e) => e)
    expect(AuthenticationError.is(error)).toBe(true)
    expect(error.message).toMatch(/^Failed to authenticate: the secret key is not one this platform accepts/)
  })
})
