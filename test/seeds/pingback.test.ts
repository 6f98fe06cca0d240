// Every code sample of seed 002 (the `@usepingback/next` tasks page), run on the virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getTask } from 'backlot'
import { memoryHarness } from '../contract/harness.js'
import { delivered, deliveryTrouble, resetMail } from './pingback/lib/stubs.js'
import { sendEmail } from './pingback/tasks/send-email.js'

const START = Date.UTC(2026, 0, 1)
const EMAILS = [
  { id: 'e1', to: 'ada@example.com', body: 'hi Ada' },
  { id: 'e2', to: 'grace@example.com', body: 'hi Grace' },
  { id: 'e3', to: 'alan@example.com', body: 'hi Alan' },
]

describe('seed 002: task(name, handler, options) and the fan-out pattern', () => {
  const h = memoryHarness()
  beforeEach(() => resetMail(EMAILS))
  afterEach(() => h.teardown())

  it('defines send-email with two retries and a 15s timeout, and logs what it sent', async () => {
    expect(sendEmail.id).toBe('send-email')
    expect(sendEmail.retry.maxAttempts).toBe(3)
    expect(sendEmail.timeoutMs).toBe(15_000)
    await h.setup([sendEmail], { now: START })
    const handle = await sendEmail.trigger({ id: 'e1' })
    await h.runUntilIdle()
    const run = await getTask(undefined, handle.id)
    expect(run.status).toBe('completed')
    expect(delivered).toEqual(['e1'])
    expect(run.logs.map((l) => [l.level, l.message])).toEqual([['info', 'Sent email to ada@example.com']])
  })

  it('retries send-email twice after the first attempt, then gives up', async () => {
    await h.setup([sendEmail], { now: START })
    deliveryTrouble.set('e1', { failures: 2 })
    deliveryTrouble.set('e2', { failures: 3 })
    const ok = await sendEmail.trigger({ id: 'e1' })
    const ko = await sendEmail.trigger({ id: 'e2' })
    await h.runUntilIdle()
    expect(await getTask(undefined, ok.id)).toMatchObject({ status: 'completed', attempts: 3 })
    const failed = await getTask(undefined, ko.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 })
    expect(failed.error?.message).toBe('mailbox of grace@example.com is full')
  })

  it('times out a delivery that takes longer than 15s and retries it', async () => {
    await h.setup([sendEmail], { now: START })
    deliveryTrouble.set('e3', { failures: 1, hang: true })
    const handle = await sendEmail.trigger({ id: 'e3' })
    await h.runUntilIdle()
    const run = await getTask(undefined, handle.id)
    expect(run).toMatchObject({ status: 'completed', attempts: 2 })
    const timedOut = (await h.events(handle.id)).find((e) => e.type === 'attempt.failed')
    expect(timedOut?.type === 'attempt.failed' && timedOut.error.name).toBe('TimeoutError')
    expect(timedOut?.at).toBe(START + 15_000)
  })

})
