import { configure, getTask, getTransport, resetConfiguration, task, type Transport } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { afterEach, describe, expect, it } from 'vitest'

const sendEmail = task({ id: 'use-send-email', run: async ({ to }: { to: string }) => ({ sent: true, to }) })

/** Code under test: it knows nothing of the test engine. */
async function signUp(email: string): Promise<string> {
  const handle = await sendEmail.trigger({ to: email }, { delay: '10m' })
  return handle.id
}

describe('use() and dispose()', () => {
  afterEach(() => resetConfiguration())

  it('makes the engine the default transport for code under test', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail] }).use()
    const runId = await signUp('a@b.c')
    expect(engine.run(runId).waitingFor).toEqual({ kind: 'delay', until: '2026-01-01T00:10:00.000Z' })
    await engine.advance('10m')
    expect(runId).toHaveCompletedWith({ sent: true, to: 'a@b.c' })
    expect((await getTask(undefined, runId)).status).toBe('completed')
  })

  it('moves virtual time while code under test awaits triggerAndWait', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail], use: true })
    const result = await sendEmail.triggerAndWait({ to: 'x@y.z' }, { delay: '3d' })
    expect(result).toEqual({ sent: true, to: 'x@y.z' })
    expect(engine.now().toISOString()).toBe('2026-01-04T00:00:00.000Z')
  })

  it('restores the default configuration on dispose', async () => {
    const embedded = getTransport()
    const engine = createTestEngine().use()
    expect(getTransport()).toBe(engine.transport)
    engine.dispose()
    expect(getTransport()).toBe(embedded)
  })

  it('restores a previously configured transport on dispose', () => {
    const previous = { kind: 'fake' } as Transport
    configure({ transport: previous })
    const outer = createTestEngine().use()
    const inner = createTestEngine().use()
    expect(getTransport()).toBe(inner.transport)
    inner.dispose()
    expect(getTransport()).toBe(outer.transport)
    outer.dispose()
    expect(getTransport()).toBe(previous)
  })

  it('disposes at the end of the block with await using', async () => {
    let escaped: ReturnType<typeof createTestEngine> | undefined
    {
      await using engine = createTestEngine({ tasks: [sendEmail] }).use()
      escaped = engine
      engine.trigger(sendEmail, { to: 'a@b.c' }, { delay: '1h' })
    }
    expect(escaped.clock.pendingTimers()).toBe(0)
    expect(() => escaped.trigger(sendEmail, { to: 'late@b.c' })).toThrow(/disposed/)
    await expect(escaped.runUntilIdle()).rejects.toThrow(/Failed to run until idle: the test engine was disposed/)
  })

  it('leaves no timer pending after dispose, even with crons, sleeps and retries armed', () => {
    const napper = task({ id: 'use-napper', run: async (_: void, { step }) => step.sleep('nap', '1y') })
    const engine = createTestEngine({ tasks: [napper], fakeGlobals: true })
    engine.createCron({ name: 'use-napper', cron: '* * * * *' })
    engine.trigger(napper)
    setTimeout(() => {}, 1000)
    engine.dispose()
    engine.dispose()
    expect(engine.clock.pendingTimers()).toBe(0)
    expect(engine.clock.fake.countTimers()).toBe(0)
  })
})
