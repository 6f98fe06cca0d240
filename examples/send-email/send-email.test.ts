import { TaskRunFailedError } from 'backlot'
import { readFileSync } from 'node:fs'
import { createTestEngine, replay } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { mailer, onSignUp, sendEmail } from './tasks.js'

const START = '2026-06-01T09:00:00Z'

describe('sending an email', () => {
  beforeEach(() => {
    mailer.sent.length = 0
  })

  it('sends the welcome email after the one-minute cooldown and the follow-up an hour after sign-up', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail], now: START }).use()
    const { welcome, followUp } = await onSignUp('Ada@Example.com')

    await engine.advance('59s')
    expect(mailer.sent).toEqual([])
    expect(engine.run(welcome).waitingFor).toMatchObject({ kind: 'sleep', step: 'cooldown', until: '2026-06-01T09:01:00.000Z' })
    expect(engine.run(followUp)).toMatchObject({ status: 'pending', waitingFor: { kind: 'delay', until: '2026-06-01T10:00:00.000Z' } })

    await engine.advance('1s')
    expect(mailer.sent).toEqual([{ to: 'ada@example.com', subject: 'Welcome!', messageId: 'msg_1' }])

    await engine.advanceTo('2026-06-01T10:01:00Z')
    expect(engine.run(followUp)).toMatchObject({ status: 'completed', startedAt: '2026-06-01T10:00:00.000Z', completedAt: '2026-06-01T10:01:00.000Z' })
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Welcome!', 'How is it going?'])
  })

  it('schedules one welcome and one follow-up when the same user signs up twice', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail], now: START }).use()
    const first = await onSignUp('ada@example.com')
    const second = await onSignUp('ada@example.com')
    expect(second).toEqual(first)
    await engine.runUntilIdle()
    expect(mailer.sent).toHaveLength(2)
  })

  it('retries a failed send without validating again or waiting the cooldown again', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail], now: START })
    engine.onStep(sendEmail, 'send').fail({ times: 1, error: new Error('SMTP 421 try again later') })
    const run = engine.trigger(sendEmail, { to: 'ada@example.com', subject: 'Hi' })
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith({ messageId: 'msg_1' })
    expect(run).toHaveAttempts(2)
    expect(engine.stepCalls(sendEmail, 'validate')).toHaveLength(1)
    // cooldown ends at 09:01:00, the send fails, the retry 1 s later (the default backoff) sends at once
    expect(run.record().completedAt).toBe('2026-06-01T09:01:01.000Z')
  })

  it('still accepts a run recorded mid-cooldown by an earlier deploy (its history replays with the same steps)', async () => {
    // Recorded with engine.exportHistory(run) while the run slept in its cooldown. A change that
    // renames, reorders or removes a step before the sleep would strand such runs: this fails first.
    const history = readFileSync(new URL('./fixtures/welcome-in-cooldown.history.json', import.meta.url), 'utf8')
    const result = await replay(sendEmail, history)
    expect(result).toBeDeterministic()
    expect(result.expected).toEqual(['validate', 'cooldown'])
    expect(result.actual.slice(0, 2)).toEqual(['validate', 'cooldown'])
  })

  it('resolves triggerAndWait with the message id, and rejects it for an address that can never work', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail], now: START }).use()
    await expect(sendEmail.triggerAndWait({ to: 'grace@example.com', subject: 'Your receipt' })).resolves.toEqual({ messageId: 'msg_1' })
    expect(engine.now().toISOString()).toBe('2026-06-01T09:01:00.000Z')

    const failure = sendEmail.triggerAndWait({ to: 'not an address', subject: 'Hi' })
    await expect(failure).rejects.toThrow(TaskRunFailedError)
    await expect(failure).rejects.toThrow('"not an address" is not an email address')
    const [, invalid] = engine.runs({ task: sendEmail })
    expect(invalid).toMatchObject({ status: 'failed', attempts: 1 })
    expect(invalid!.steps.map((s) => s.key)).toEqual(['validate'])
    expect(mailer.sent).toHaveLength(1)
  })
})
