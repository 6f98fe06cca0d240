import { cron, task, UnknownTaskError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const sendEmail = task({
  id: 'te-send-email',
  run: async ({ to }: { to: string }, { step }) => step.run('deliver', () => ({ sent: true, to })),
})

const fanOut = cron('te-fan-out', '0 * * * *', async (ctx) => {
  for (const id of ['e1', 'e2', 'e3']) await ctx.task('te-send-email', { to: `${id}@x.y` })
  ctx.log('dispatched 3')
  return { dispatched: 3 }
})

const leaf = task({ id: 'te-leaf', run: async (n: number) => n * 2 })
const middle = task({ id: 'te-middle', run: async (n: number) => (await leaf.triggerAndWait(n)) + 1 })
const top = task({ id: 'te-top', run: async (n: number) => ({ total: (await middle.triggerAndWait(n)) * 10 }) })

describe('createTestEngine', () => {
  it('runs a triggered task to completion on runUntilIdle', async () => {
    await using engine = createTestEngine({ tasks: [sendEmail] })
    const run = engine.trigger(sendEmail, { to: 'a@b.c' })
    expect(run.record().status).toBe('pending')
    await engine.runUntilIdle()
    expect(run.record()).toMatchObject({ status: 'completed', result: { sent: true, to: 'a@b.c' }, attempts: 1 })
  })

  it('rejects a wait on a disposed engine with DISPOSED, not a loop-limit error', async () => {
    const sleeper = task({ id: 'te-sleeper', run: async (_: void, { step }) => { await step.sleep('nap', '1h'); return 'woke' } })
    const engine = createTestEngine({ tasks: [sleeper] })
    const run = engine.trigger(sleeper)
    await engine.advance('1m')
    engine.dispose()
    const error = await run.waitForCompletion().then(() => undefined, (e: unknown) => e as { code?: string; message?: string })
    expect(error?.code).toBe('DISPOSED')
    expect(error?.message).toContain('disposed')
  })

  it('moves virtual time by itself while a run is awaited', async () => {
    const napper = task({ id: 'te-napper', run: async (_: void, { step }) => { await step.sleep('nap', '30d'); return 'rested' } })
    await using engine = createTestEngine({ tasks: [napper] })
    const started = engine.now().getTime()
    expect(await engine.trigger(napper).waitForCompletion()).toBe('rested')
    expect(engine.now().getTime() - started).toBe(30 * 86_400_000)
  })

  it('executes ctx.task fan-out children with the parent id set', async () => {
    await using engine = createTestEngine({ tasks: [fanOut, sendEmail], crons: false })
    const run = engine.trigger(fanOut)
    await engine.runUntilIdle()
    const children = engine.children(run)
    expect(children.map((c) => [c.taskId, c.status, c.parentId])).toEqual([
      ['te-send-email', 'completed', run.id],
      ['te-send-email', 'completed', run.id],
      ['te-send-email', 'completed', run.id],
    ])
    expect(engine.runs({ parentId: run.id })).toHaveLength(3)
  })

  it('runs a triggerAndWait chain three tasks deep', async () => {
    await using engine = createTestEngine({ tasks: [top, middle, leaf] })
    expect(await engine.triggerAndWait(top, 4)).toEqual({ total: 90 })
    expect(engine.runs({ status: 'completed' })).toHaveLength(3)
  })

  it('fires a declared cron each hour as time advances', async () => {
    await using engine = createTestEngine({ tasks: [fanOut, sendEmail] })
    await engine.advance('3h')
    expect(engine.runs({ task: fanOut }).map((r) => r.scheduledAt)).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ])
    expect(engine.runs({ task: sendEmail, status: 'completed' })).toHaveLength(9)
  })

  it('rejects a child task it was not given, naming the registered tasks', async () => {
    await using engine = createTestEngine({ tasks: [fanOut], crons: false })
    const run = engine.trigger(fanOut)
    const record = await run.settle()
    expect(record.status).toBe('failed')
    expect(record.error?.name).toBe(new UnknownTaskError('x', []).name)
    expect(record.error?.message).toContain('registered: "te-fan-out"')
  })

  it('finds tasks defined anywhere in the process with discoverTasks', async () => {
    await using engine = createTestEngine({ tasks: [fanOut], crons: false, discoverTasks: true })
    const run = engine.trigger(fanOut)
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
  })

  it('starts the clock at the given time', async () => {
    await using engine = createTestEngine({ now: '2030-05-01T12:00:00Z' })
    expect(engine.now().toISOString()).toBe('2030-05-01T12:00:00.000Z')
    expect(() => createTestEngine({ now: 'someday' })).toThrow(/Failed to create a test engine: now is "someday"/)
  })

  it('triggers by task id', async () => {
    await using engine = createTestEngine({ tasks: [leaf] })
    expect(await engine.trigger('te-leaf', 21).waitForCompletion()).toBe(42)
  })

  it('cancels a sleeping run', async () => {
    const napper = task({ id: 'te-napper-2', run: async (_: void, { step }) => step.sleep('nap', '1h') })
    await using engine = createTestEngine({ tasks: [napper] })
    const run = engine.trigger(napper)
    await engine.advance('1m')
    expect(engine.cancel(run).status).toBe('cancelled')
    expect(run).toHaveBeenCancelled()
  })
})
