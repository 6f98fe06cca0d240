import { task } from 'backlot'
import { createTestEngine, type TestRun } from 'backlot/testing'
import { describe, expect, expectTypeOf, it } from 'vitest'

const sendEmail = task({ id: 'types-send', run: async ({ to }: { to: string }) => ({ sent: true, at: new Date() }) })
const ping = task({ id: 'types-ping', run: async () => 'pong' })

describe('test engine types', () => {
  it('infers the payload and result of trigger and triggerAndWait', async () => {
    const engine = createTestEngine({ tasks: [sendEmail, ping] })
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    expectTypeOf(run).toEqualTypeOf<TestRun<{ sent: boolean; at: Date }>>()
    expectTypeOf(await run.waitForCompletion()).toEqualTypeOf<{ sent: boolean; at: string }>()
    expectTypeOf(await engine.triggerAndWait(ping)).toEqualTypeOf<string>()
    // @ts-expect-error the payload is required and typed
    engine.trigger(sendEmail, { to: 1 })
    // @ts-expect-error the payload is required
    engine.trigger(sendEmail)
  })

  it('types the matchers on expect', () => {
    const engine = createTestEngine({ tasks: [sendEmail] })
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    expectTypeOf(expect(run).toHaveCompletedWith).parameter(0).toBeUnknown()
    expectTypeOf(expect(run).toHaveAttempts).parameter(0).toBeNumber()
    expectTypeOf(expect(engine).not.toHaveTriggered).toBeFunction()
  })
})
