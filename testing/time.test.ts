import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const napper = task({
  id: 'time-napper',
  run: async (_: void, { step }) => {
    await step.sleep('first', '1h')
    await step.sleep('second', '1d')
    return 'awake'
  },
})

const forever = task({ id: 'time-forever', run: (_: void) => new Promise<never>(() => {}) })

describe('time control', () => {
  it('advance() fires the sleeps due within the duration, and no more', async () => {
    await using engine = createTestEngine({ tasks: [napper] })
    const run = engine.trigger(napper)
    await engine.advance('59m')
    expect(engine.step(run, 'first')?.status).toBe('sleeping')
    await engine.advance('1m')
    expect(engine.step(run, 'first')?.status).toBe('completed')
    expect(engine.step(run, 'second')?.status).toBe('sleeping')
    expect(run.record().waitingFor).toEqual({ kind: 'sleep', step: 'second', until: '2026-01-02T01:00:00.000Z' })
  })

  it('advanceTo() moves to a date and refuses to go back', async () => {
    await using engine = createTestEngine({ tasks: [napper] })
    const run = engine.trigger(napper)
    await engine.advanceTo('2026-01-03T00:00:00Z')
    expect(run).toHaveCompletedWith('awake')
    expect(engine.now().toISOString()).toBe('2026-01-03T00:00:00.000Z')
    await expect(engine.advanceTo('2025-01-01T00:00:00Z')).rejects.toThrow(/Time only moves forward/)
  })

  it('next() jumps to the next timer and reports when none is left', async () => {
    await using engine = createTestEngine({ tasks: [napper] })
    engine.trigger(napper)
    await engine.advance(0)
    expect(await engine.next()).toBe(true)
    expect(engine.now().toISOString()).toBe('2026-01-01T01:00:00.000Z')
    expect(await engine.next()).toBe(true)
    expect(engine.now().toISOString()).toBe('2026-01-02T01:00:00.000Z')
    expect(await engine.next()).toBe(false)
  })

  it('runUntilIdle() does not wait for future cron firings', async () => {
    const hourly = task({ id: 'time-hourly', run: async () => 'tick' })
    await using engine = createTestEngine({ tasks: [hourly] })
    engine.createCron({ name: 'time-hourly', cron: '0 * * * *' })
    await engine.runUntilIdle()
    expect(engine.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
    await engine.advance('1w')
    expect(engine.runs({ cron: 'time-hourly', status: 'completed' })).toHaveLength(168)
  })

  it('fails a run that can never end with an error naming what it waits on', async () => {
    await using engine = createTestEngine({ tasks: [forever], hangTimeoutMs: 20 })
    const run = engine.trigger(forever)
    await expect(run.waitForCompletion()).rejects.toThrow(
      new RegExp(`Failed to finish run "${run.id}": no timer is pending, so time cannot move, yet 1 run\\(s\\) still wait: ${run.id} \\(task "time-forever", running, executing\\)\\..*Pass fakeGlobals: true`),
    )
  })

  it('stops a run-away at the loop limit, naming the runs still waiting', async () => {
    const looper = task({
      id: 'time-looper',
      run: async (_: void, { step }) => {
        for (let i = 0; ; i++) await step.sleep('tick', '1s')
      },
    })
    await using engine = createTestEngine({ tasks: [looper], loopLimit: 50 })
    const run = engine.trigger(looper)
    await expect(engine.runUntilIdle()).rejects.toThrow(/Failed to reach idle within 50 timer jumps .*1 run\(s\) still wait: .*task "time-looper", running, sleep "tick#\d+" until .*Raise loopLimit/)
    expect(run.record().status).toBe('running')
  })

  it('drives concurrent waits with one clock', async () => {
    await using engine = createTestEngine({ tasks: [napper] })
    const a = engine.trigger(napper)
    const b = engine.trigger(napper, undefined, { delay: '2h' })
    const [ra, rb] = await Promise.all([a.waitForCompletion(), b.waitForCompletion()])
    expect([ra, rb]).toEqual(['awake', 'awake'])
    expect(b.record().completedAt).toBe('2026-01-02T03:00:00.000Z')
  })
})
