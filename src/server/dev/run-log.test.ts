import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../clock/virtual-clock.js'
import { Engine } from '../../engine/engine.js'
import { TimeDriver } from '../../engine/time-driver.js'
import { task } from '../../sdk/task.js'
import { runLogger } from './run-log.js'

describe('the dev server’s run lines', () => {
  it('prints one short line per transition, coloured by outcome when asked', async () => {
    const flaky = task({ id: 'log-flaky', retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1s' }, run: async (_p: unknown, ctx) => {
      await ctx.step.sleep('pause', '1m')
      if (ctx.attempt === 1) throw new Error('boom')
      return 'ok'
    } })
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const engine = new Engine({ clock, tasks: [flaky], seed: 1 })
    const plain: string[] = []
    const coloured: string[] = []
    engine.subscribe(runLogger((l) => plain.push(l), false))
    engine.subscribe(runLogger((l) => coloured.push(l), true))
    const { id } = engine.trigger(flaky, {})
    await new TimeDriver(engine, clock).runUntilIdle()
    expect(plain.map((l) => l.replace(id, 'RUN'))).toEqual([
      '00:00:00 queued    log-flaky RUN',
      '00:00:00 started   log-flaky RUN attempt 1',
      '00:00:00 sleeping  log-flaky RUN pause until 2026-01-01T00:01:00.000Z',
      '00:01:00 resumed   log-flaky RUN',
      '00:01:00 retrying  log-flaky RUN Error: boom (next at 2026-01-01T00:01:01.000Z)',
      '00:01:01 started   log-flaky RUN attempt 2',
      '00:01:01 completed log-flaky RUN in 61000 ms',
    ])
    expect(coloured.at(-1)).toContain('\u001b[32mcompleted')
    expect(coloured.find((l) => l.includes('retrying'))).toContain('\u001b[33m')
    engine.dispose()
  })
})
