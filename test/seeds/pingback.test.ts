// Every code sample of seed 002 (the `@usepingback/next` tasks page), run on the virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getTask, getTransport } from 'backlot'
import { Engine, VirtualClock } from 'backlot/host'
import { memoryHarness } from '../contract/harness.js'
import { TimeDriver } from '../../src/engine/time-driver.js'
import { delivered, deliveryTrouble, resetMail } from './pingback/lib/stubs.js'
import { sendEmail } from './pingback/tasks/send-email.js'
import { sendEmail as fanOutChild, sendEmails } from './pingback/tasks/fan-out.js'

const START = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const iso = (ms: number) => new Date(ms).toISOString()
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

  it('fans out one child per pending email from the cron every 15 minutes, nested under the parent', async () => {
    await h.setup([sendEmails, fanOutChild], { now: START })
    await h.advance('15m')
    const [parent] = await getTransport().listRuns({ taskId: 'send-emails' })
    expect(parent).toMatchObject({ status: 'completed', result: { dispatched: 3 }, scheduledAt: iso(START + 15 * MINUTE) })
    expect(parent!.logs.map((l) => l.message)).toEqual(['Dispatched 3 emails'])
    expect(parent!.children).toHaveLength(3)
    const children = await Promise.all(parent!.children.map((id) => getTask(undefined, id)))
    expect(children.map((c) => [c.taskId, c.parentId, c.payload, c.status])).toEqual(
      EMAILS.map((e) => ['send-email', parent!.id, { id: e.id }, 'completed']),
    )
    expect(children.map((c) => c.logs[0]?.message)).toEqual(EMAILS.map((e) => `Sent email to ${e.to}`))
    expect(delivered.sort()).toEqual(['e1', 'e2', 'e3'])

    // The next firing finds nothing pending.
    await h.advance('15m')
    const runs = await getTransport().listRuns({ taskId: 'send-emails' })
    expect(runs).toHaveLength(2)
    expect(runs.find((r) => r.id !== parent!.id)).toMatchObject({ result: { dispatched: 0 }, children: [] })
  })

  it('dispatches each child independently with its own retry policy', async () => {
    await h.setup([sendEmails, fanOutChild], { now: START })
    deliveryTrouble.set('e2', { failures: 2 })
    deliveryTrouble.set('e3', { failures: 5 })
    await h.advance('15m')
    await h.runUntilIdle()
    const [parent] = await getTransport().listRuns({ taskId: 'send-emails' })
    expect(parent).toMatchObject({ status: 'completed', attempts: 1 })
    const children = await Promise.all(parent!.children.map((id) => getTask(undefined, id)))
    expect(children.map((c) => [c.payload, c.status, c.attempts])).toEqual([
      [{ id: 'e1' }, 'completed', 1],
      [{ id: 'e2' }, 'completed', 3],
      [{ id: 'e3' }, 'failed', 3],
    ])
  })

  it('runs a task by id with a custom payload, as the dashboard’s Run button does', async () => {
    const clock = new VirtualClock(START)
    const engine = new Engine({ clock, tasks: [sendEmails, fanOutChild], seed: 2 })
    const driver = new TimeDriver(engine, clock)
    try {
      const run = engine.trigger('send-email', { id: 'e2' })
      await driver.untilEnded(run.id)
      expect(engine.getRun(run.id)).toMatchObject({ status: 'completed', taskId: 'send-email', parentId: null })
      expect(delivered).toEqual(['e2'])
    } finally {
      engine.dispose()
    }
  })
})
