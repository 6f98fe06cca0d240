import { NonRetriableError, task } from 'backlot'
import { backlotMatchers, createTestEngine, TestKitError, type TestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const sendEmail = task({ id: 'm-send-email', run: async ({ to }: { to: string }, ctx) => { ctx.log(`sent to ${to}`); return { sent: true } } })
const broken = task({ id: 'm-broken', retries: 1, retry: { minDelay: '1s' }, run: async (_: void, { step }) => step.run('explode', () => { throw new Error('boom') }) })
const parent = task({
  id: 'm-parent',
  run: async (_: void, ctx) => {
    await ctx.task('m-send-email', { to: 'a@b.c' })
    await sendEmail.trigger({ to: 'c@d.e' })
    return ctx.step.run('done', () => 42)
  },
})

async function setup(): Promise<{ engine: TestEngine }> {
  const engine = createTestEngine({ tasks: [sendEmail, broken, parent] })
  return { engine }
}

describe('matchers', () => {
  it('toHaveCompleted and toHaveCompletedWith pass on a completed run', async () => {
    const { engine } = await setup()
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
    expect(run).toHaveCompletedWith({ sent: true })
    expect(run).not.toHaveCompletedWith({ sent: false })
    expect(run).toHaveStatus('completed')
    expect(run).toHaveLogged('sent to a@b.c')
    expect(run).toHaveLogged(/sent to .*@b\.c/)
    engine.dispose()
  })

  it('toHaveFailedWith accepts a message part, a pattern, a class, an Error or a partial error', async () => {
    const { engine } = await setup()
    const run = engine.trigger(broken)
    await engine.runUntilIdle()
    expect(run).toHaveFailed()
    expect(run).toHaveFailedWith('boom')
    expect(run).toHaveFailedWith(/^bo+m$/)
    expect(run).toHaveFailedWith(Error)
    expect(run).not.toHaveFailedWith(NonRetriableError)
    expect(run).toHaveFailedWith(new Error('boom'))
    expect(run).toHaveFailedWith({ name: 'Error', message: 'boom' })
    expect(run).toHaveAttempts(2)
    expect(run).toHaveRunStep('explode')
    engine.dispose()
  })

  it('toHaveRunStep checks a step result, and .not asserts a step never ran', async () => {
    const { engine } = await setup()
    const run = engine.trigger(parent)
    await engine.runUntilIdle()
    expect(run).toHaveRunStep('done', 42)
    expect(run).not.toHaveRunStep('done', 41)
    expect(run).not.toHaveRunStep('charge')
    engine.dispose()
  })

  it('toHaveSpawned matches children by task and payload', async () => {
    const { engine } = await setup()
    const run = engine.trigger(parent)
    await engine.runUntilIdle()
    expect(run).toHaveSpawned(sendEmail)
    expect(run).toHaveSpawned('m-send-email', { to: 'a@b.c' })
    expect(run).toHaveSpawned(sendEmail, { to: 'c@d.e' })
    expect(run).not.toHaveSpawned(sendEmail, { to: 'x@y.z' })
    expect(run).not.toHaveSpawned(broken)
    engine.dispose()
  })

  it('toHaveTriggered on the engine makes "it did not run" one line', async () => {
    const { engine } = await setup()
    engine.trigger(sendEmail, { to: 'a@b.c' })
    await engine.runUntilIdle()
    expect(engine).toHaveTriggered(sendEmail, { to: 'a@b.c' })
    expect(engine).not.toHaveTriggered(broken)
    expect(engine).not.toHaveTriggered(sendEmail, { to: 'nobody@b.c' })
    engine.dispose()
  })

  it('accepts a run id, a RunRecord, or a plain handle as the subject', async () => {
    const { engine } = await setup()
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    await engine.runUntilIdle()
    expect(run.id).toHaveCompleted()
    expect(engine.run(run)).toHaveCompletedWith({ sent: true })
    expect({ id: run.id }).toHaveAttempts(1)
    engine.dispose()
    expect(run).toHaveCompleted()
  })

  it('prints the run timeline, one event per line, when it fails', async () => {
    const { engine } = await setup()
    const run = engine.trigger(broken)
    await engine.runUntilIdle()
    let message = ''
    try {
      expect(run).toHaveCompleted()
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(`expected run ${run.id} (task "m-broken") to have completed, but it failed: Error: boom`)
    expect(message).toContain(`Timeline of ${run.id} (task "m-broken", failed):`)
    const lines = message.split('\n').filter((l) => /^\s+\+\S+\s+\w+\.\w+/.test(l))
    expect(lines.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '+0ms run.triggered',
      '+0ms attempt.started',
      '+0ms step.failed',
      '+0ms attempt.failed',
      '+1s attempt.started',
      '+1s step.failed',
      '+1s attempt.failed',
      '+1s run.failed',
    ])
    expect(message).toContain('attempt 1: Error: boom; retry at +1s')
    engine.dispose()
  })

  it('says how to move time when the run has not ended yet', async () => {
    const { engine } = await setup()
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    expect(() => expect(run).toHaveCompleted()).toThrow(/it is pending\nIt has not ended: move time first \(await engine.runUntilIdle\(\)/)
    engine.dispose()
  })

  it('explains a subject that is not a run', () => {
    expect(() => expect('run_missing').toHaveCompleted()).toThrow(/Failed to check a run \(expected it to have completed\): "run_missing" is not a run this test kit can find/)
    expect(() => expect('run_missing').not.toHaveCompleted()).toThrow(TestKitError)
  })

  it('exports the matchers for manual registration', () => {
    expect(Object.keys(backlotMatchers)).toEqual(
      expect.arrayContaining(['toHaveCompleted', 'toHaveCompletedWith', 'toHaveFailedWith', 'toHaveAttempts', 'toHaveRunStep', 'toHaveSpawned']),
    )
  })
})
