// Every code sample of seed 000 (the `@sylphx/sdk/tasks` page), run on the virtual clock.
import { describe, expect, it } from 'vitest'
import { getTransport } from 'backlot'
import { sylphxHarness } from './sylphx/harness.js'
import { mailer } from './sylphx/lib/mailer.js'
import { validations } from './sylphx/lib/stubs.js'
import { sendEmail as durableSendEmail } from './sylphx/tasks/send-email-durable.js'

const START = Date.UTC(2026, 0, 1) // a Thursday
const iso = (ms: number) => new Date(ms).toISOString()

describe('seed 000: durable steps (its own file: the seed defines send-email in two samples)', () => {
  const h = sylphxHarness()

  it('caches durable steps and replays them instantly on retry', async () => {
    await h.setup([durableSendEmail], { now: START })
    mailer.failNext = 1
    const result = await durableSendEmail.triggerAndWait({ to: ' Ada@Example.com ', subject: 'Hello' })
    expect(result).toEqual({ messageId: 'msg_1' })
    // validate ran once; the cooldown slept once; send failed, then succeeded on attempt 2
    expect(validations).toEqual([' Ada@Example.com '])
    expect(mailer.sent).toEqual([{ to: 'ada@example.com', subject: 'Hello' }])
    const runs = await getTransport().listRuns({ taskId: 'send-email' })
    expect(runs).toHaveLength(1)
    const run = runs[0]!
    expect(run.attempts).toBe(2)
    expect(run.steps.map((s) => [s.key, s.status, s.attempts.length])).toEqual([
      ['validate', 'completed', 1],
      ['cooldown', 'completed', 0],
      ['send', 'completed', 2],
    ])
    // one minute of cooldown, then the default first retry delay of one second
    expect(run.completedAt).toBe(iso(START + 60_000 + 1_000))
  })
})
