// Every code sample of seed 000 (the `@sylphx/sdk/tasks` page), run on the virtual clock.
import { describe, expect, it } from 'vitest'
import { cancelTask, createCron, getTask, listCrons, task } from 'backlot'
import { sylphxHarness } from './sylphx/harness.js'
import { mailer } from './sylphx/lib/mailer.js'
import { chargeFailures, charges, user } from './sylphx/lib/stubs.js'
import { sendEmail } from './sylphx/tasks/send-email.js'
import { processOrder } from './sylphx/tasks/process-order.js'

const START = Date.UTC(2026, 0, 1) // a Thursday
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

describe('seed 000: the Tasks SDK samples', () => {
  const h = sylphxHarness()

  it('defines a task whose run sends the mail and returns { sent: true }', async () => {
    await h.setup([sendEmail], { now: START })
    const handle = await sendEmail.trigger({ to: 'ada@example.com', template: 'welcome' })
    await h.runUntilIdle()
    expect(mailer.sent).toEqual([{ to: 'ada@example.com', template: 'welcome' }])
    expect((await getTask(undefined, handle.id)).result).toEqual({ sent: true })
  })

  it('triggers fire-and-forget with a RunHandle, and delays a trigger by an hour', async () => {
    await h.setup([sendEmail], { now: START })

    // Fire-and-forget — returns immediately with a RunHandle
    const handle = await sendEmail.trigger({
      to: user.email,
      template: 'welcome',
    })

    console.log(handle.id) // Task run ID for tracking

    // Delayed trigger — run after 1 hour
    await sendEmail.trigger(
      { to: user.email, template: 'follow-up' },
      { delay: '1h' },
    )

    expect(h.log()).toHaveBeenCalledWith(handle.id)
    expect(handle.id).toMatch(/^run_/)
    await h.advance('59m')
    expect(mailer.sent.map((m) => m.template)).toEqual(['welcome'])
    await h.advance('1m')
    expect(mailer.sent.map((m) => m.template)).toEqual(['welcome', 'follow-up'])
  })

  it('waits for a typed result with triggerAndWait', async () => {
    await h.setup([sendEmail], { now: START })

    // Dispatch and wait for the result (type-safe)
    const result = await sendEmail.triggerAndWait({
      to: user.email,
      template: 'welcome',
    })

    console.log(result.sent) // true

    expect(h.log()).toHaveBeenCalledWith(true)
    expect(result).toEqual({ sent: true })
  })

  it('creates the daily-report and hourly-cleanup crons with the seed config', async () => {
    const fired: [string, unknown][] = []
    const dailyReport = task({ id: 'daily-report', run: async (payload: { type: string }, ctx) => void fired.push([`daily ${ctx.run.scheduledAt!.toISOString()}`, payload]) })
    const hourlyCleanup = task({ id: 'hourly-cleanup', run: async (payload: unknown, ctx) => void fired.push([`hourly ${ctx.run.scheduledAt!.toISOString()}`, payload]) })
    await h.setup([dailyReport, hourlyCleanup], { now: START })

    const config = {
      secretKey: process.env.SYLPHX_SECRET_KEY!,
      ref: process.env.SYLPHX_PROJECT_REF!,
    }

    // Run every day at 9am UTC
    await createCron(config, {
      name: 'daily-report',
      cron: '0 9 * * *',
      callbackUrl: 'https://myapp.com/api/tasks',
      payload: { type: 'daily' },
    })

    // Run every hour
    await createCron(config, {
      name: 'hourly-cleanup',
      cron: '0 * * * *',
      callbackUrl: 'https://myapp.com/api/tasks',
    })

    const crons = await listCrons(config)
    expect(crons.map((c) => [c.name, c.nextRunAt, c.callbackUrl])).toEqual([
      ['daily-report', iso(START + 9 * HOUR), 'https://myapp.com/api/tasks'],
      ['hourly-cleanup', iso(START + HOUR), 'https://myapp.com/api/tasks'],
    ])
    await h.advance('10h')
    const daily = fired.filter(([what]) => what.startsWith('daily'))
    expect(daily).toEqual([[`daily ${iso(START + 9 * HOUR)}`, { type: 'daily' }]])
    expect(fired.filter(([what]) => what.startsWith('hourly'))).toHaveLength(10)
  })

  it.each([
    ['* * * * *', 'Every minute', '3m', [1, 2, 3].map((m) => START + m * 60_000)],
    ['0 * * * *', 'Every hour', '3h', [1, 2, 3].map((n) => START + n * HOUR)],
    ['0 0 * * *', 'Every day at midnight', '3d', [1, 2, 3].map((d) => START + d * 24 * HOUR)],
    ['0 9 * * 1-5', 'Weekdays at 9am', '7d', [1, 2, 5, 6, 7].map((d) => Date.UTC(2026, 0, d, 9))],
    ['0 0 1 * *', 'First of every month', '95d', [1, 2, 3].map((m) => Date.UTC(2026, m, 1))],
  ])('fires %s as the table says: %s', async (pattern, _description, span, expected) => {
    const fired: number[] = []
    const job = task({ id: 'table-job', run: async (_: void, ctx) => void fired.push(ctx.run.scheduledAt!.getTime()) })
    await h.setup([job], { now: START })
    await createCron(undefined, { name: 'table-job', cron: pattern })
    await h.advance(span)
    expect(fired.map(iso)).toEqual(expected.map(iso))
  })

  it('reads a run’s status in the seed’s shape with getTask(config, taskRunId)', async () => {
    await h.setup([sendEmail], { now: START })
    const handle = await sendEmail.trigger({ to: user.email, template: 'welcome' })
    await h.runUntilIdle()
    const taskRunId = handle.id

    const config = {
      secretKey: process.env.SYLPHX_SECRET_KEY!,
      ref: process.env.SYLPHX_PROJECT_REF!,
    }

    const status = await getTask(config, taskRunId)

    console.log(status)

    expect(h.log()).toHaveBeenCalledWith(status)
    expect(status).toMatchObject({
      id: taskRunId,
      status: 'completed',
      createdAt: iso(START),
      startedAt: iso(START),
      completedAt: iso(START),
      result: { sent: true },
    })
    expect(['pending', 'running', 'completed', 'failed', 'cancelled']).toContain(status.status)
  })

  it('cancels a pending run with cancelTask(config, taskRunId)', async () => {
    await h.setup([sendEmail], { now: START })
    const handle = await sendEmail.trigger({ to: user.email, template: 'follow-up' }, { delay: '1h' })
    const taskRunId = handle.id

    const config = {
      secretKey: process.env.SYLPHX_SECRET_KEY!,
      ref: process.env.SYLPHX_PROJECT_REF!,
    }

    // Cancel a specific task run
    await cancelTask(config, taskRunId)

    await h.advance('2h')
    expect(mailer.sent).toEqual([])
    expect((await getTask(config, taskRunId)).status).toBe('cancelled')
  })

  it('retries processOrder up to maxAttempts: 3 with exponential backoff', async () => {
    await h.setup([processOrder], { now: START })
    chargeFailures.remaining = 2
    const ok = await processOrder.trigger({ orderId: 'ord_1' })
    await h.runUntilIdle()
    expect(charges).toEqual(['ord_1', 'ord_1', 'ord_1'])
    const run = await getTask(undefined, ok.id)
    expect(run).toMatchObject({ status: 'completed', attempts: 3, completedAt: iso(START + 1_000 + 2_000) })

    chargeFailures.remaining = 3
    const failing = await processOrder.trigger({ orderId: 'ord_2' })
    await h.runUntilIdle()
    const failed = await getTask(undefined, failing.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 })
    expect(failed.error?.message).toBe('card declined for ord_2')
  })

  it('batch-triggers runs in parallel and waits for all of them', async () => {
    await h.setup([sendEmail], { now: START })

    // Dispatch N runs in parallel
    const batch = await sendEmail.batchTrigger([
      { to: 'a@example.com', template: 'welcome' },
      { to: 'b@example.com', template: 'welcome' },
      { to: 'c@example.com', template: 'welcome' },
    ])

    // Wait for all to complete
    const results = await Promise.all(batch.runs.map(h => h.waitForCompletion()))

    expect(results).toEqual([{ sent: true }, { sent: true }, { sent: true }])
    expect(new Set(batch.runs.map((r) => r.id)).size).toBe(3)
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com'])
  })
})
