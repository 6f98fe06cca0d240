// Every code sample of seed 002 (the `@usepingback/next` tasks page), run on the virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getTask, getTransport } from 'backlot'
import { Engine, VirtualClock } from 'backlot/host'
import { memoryHarness } from '../contract/harness.js'
import { TimeDriver } from 'backlot/testing'
import { delivered, deliveryTrouble, resetMail } from './pingback/lib/stubs.js'
import { sendEmail as fanOutChild, sendEmails } from './pingback/tasks/fan-out.js'

const START = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const iso = (ms: number) => new Date(ms).toISOString()
const EMAILS = [
  { id: 'e1', to: 'ada@example.com', body: 'hi Ada' },
  { id: 'e2', to: 'grace@example.com', body: 'hi Grace' },
  { id: 'e3', to: 'alan@example.com', body: 'hi Alan' },
]

describe('seed 002: the fan-out pattern (its own file: the seed defines send-email in two snippets)', () => {
  const h = memoryHarness()
  beforeEach(() => resetMail(EMAILS))
  afterEach(() => h.teardown())

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
