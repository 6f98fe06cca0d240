import { describe, expect, it } from 'vitest'
import { DuplicateTaskError, ValidationError, createCron, cron, deleteCron, parseDuration, task } from 'backlot'
import { Engine, VirtualClock } from 'backlot/host'
import { START, expectEngineStillRuns, healthy, setup, thrown } from './setup.js'

describe('bad input to definitions, crons and durations', () => {
  it('rejects an invalid cron expression in cron() with a message naming it and the fix', async () => {
    setup()
    const error = await thrown(() => cron('bad-schedule', 'every day at 9', async () => {}))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('INVALID_CRON')
    expect(error.message).toContain('"every day at 9"')
    expect(error.message).toContain("five fields, e.g. '0 9 * * 1-5'")
    await expectEngineStillRuns()
  })

  it.each([
    ['61 * * * *', 'a minute out of range'],
    ['0 9 * *', 'four fields'],
    ['* * * * * * *', 'seven fields'],
    ['', 'nothing'],
  ])('rejects the cron expression %j (%s) in createCron() and keeps the engine running', async (expression) => {
    const s = setup()
    const error = await thrown(() => createCron(undefined, { name: 'bad', cron: expression, taskId: 'healthy' }))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('INVALID_CRON')
    expect(error.message).toContain(JSON.stringify(expression))
    expect(error.message).toContain('Write five fields')
    expect(s.engine.crons.list()).toEqual([])
    await expectEngineStillRuns()
  })

  it('rejects an unknown timezone in cron() and createCron() with a message naming it and the fix', async () => {
    const s = setup()
    for (const call of [
      () => cron('tz', '0 9 * * *', async () => {}, { timezone: 'Mars/Olympus_Mons' }),
      () => createCron(undefined, { name: 'tz', cron: '0 9 * * *', timezone: 'Mars/Olympus_Mons', taskId: 'healthy' }),
    ]) {
      const error = await thrown(call)
      expect(error).toBeInstanceOf(ValidationError)
      expect(error.code).toBe('INVALID_TIMEZONE')
      expect(error.message).toContain('"Mars/Olympus_Mons"')
      expect(error.message).toContain("IANA name such as 'UTC'")
    }
    expect(s.engine.crons.list()).toEqual([])
    await expectEngineStillRuns()
  })

  it('rejects two different tasks with one id in one engine', async () => {
    const first = task({ id: 'twin', run: async () => 1 })
    const second = task({ id: 'twin', run: async () => 2 })
    const error = await thrown(() => new Engine({ clock: new VirtualClock(START), tasks: [first, second] }))
    expect(error).toBeInstanceOf(DuplicateTaskError)
    expect(error.code).toBe('DUPLICATE_TASK')
    expect(error.message).toContain('"twin"')
    expect(error.message).toContain('Give each task a unique id')

    const s = setup([first])
    expect(() => s.engine.register(second)).toThrow(DuplicateTaskError)
    expect(() => s.engine.register(first)).not.toThrow()
    const kept = await first.triggerAndWait()
    expect(kept).toBe(1)
    await expectEngineStillRuns()
  })

  it('rejects a trigger of a second task that reuses a registered id', async () => {
    const first = task({ id: 'clone', run: async () => 'first' })
    const second = task({ id: 'clone', run: async () => 'second' })
    setup([first])
    const error = await thrown(() => second.trigger())
    expect(error).toBeInstanceOf(DuplicateTaskError)
    expect(error.message).toContain('"clone"')
    await expectEngineStillRuns()
  })

  it.each([
    [-5, '-5'],
    ['soon', '"soon"'],
    ['-1h', '"-1h"'],
    ['1 fortnight', '"1 fortnight"'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['', '""'],
  ])('rejects the duration %j with a message naming it and the accepted forms', (value, shown) => {
    const error = (() => {
      try {
        parseDuration(value)
      } catch (e) {
        return e as ValidationError
      }
      throw new Error('expected parseDuration to throw')
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('INVALID_DURATION')
    expect(error.message).toContain(shown)
    expect(error.message).toContain("a string like '15s', '1h', '1 minute', '2 days'")
  })

  it('rejects a bad timeout or retry delay when the task is defined', async () => {
    setup()
    const timeout = await thrown(() => task('slowpoke', async () => {}, { timeout: 'forever' }))
    expect(timeout).toBeInstanceOf(ValidationError)
    expect(timeout.message).toContain('timeout of task "slowpoke"')
    expect(timeout.message).toContain('"forever"')
    const minDelay = await thrown(() => task({ id: 'jumpy', retry: { minDelay: -1 }, run: async () => {} }))
    expect(minDelay.code).toBe('INVALID_DURATION')
    expect(minDelay.message).toContain('retry.minDelay of task "jumpy"')
    const retries = await thrown(() => task('negative', async () => {}, { retries: -1 }))
    expect(retries.code).toBe('INVALID_OPTION')
    expect(retries.message).toContain('retries is -1')
    expect(retries.message).toContain('a whole number ≥ 0')
    await expectEngineStillRuns()
  })

  it('rejects a negative or invalid trigger delay without creating a run', async () => {
    const s = setup()
    for (const [delay, shown] of [
      [-1000, '-1000'],
      ['-1h', '"-1h"'],
      ['later', '"later"'],
    ] as const) {
      const error = await thrown(() => healthy.trigger({ n: 1 }, { delay }))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error.code).toBe('INVALID_DURATION')
      expect(error.message).toContain(shown)
      expect(error.message).toContain('delay of task "healthy"')
    }
    const badDate = await thrown(() => healthy.trigger({ n: 1 }, { delay: new Date('not a date') }))
    expect(badDate.code).toBe('INVALID_DURATION')
    expect(badDate.message).toContain('invalid Date')
    expect([...s.engine.allRuns()]).toHaveLength(0)
    await expectEngineStillRuns()
  })

  it.each([
    ['concurrency: 0', () => task({ id: 'opt', concurrency: 0, run: async () => {} }), 'concurrency is 0', 'a whole number ≥ 1'],
    ['backoff', () => task({ id: 'opt', retry: { backoff: 'quadratic' as 'fixed' }, run: async () => {} }), 'retry.backoff is "quadratic"', "'exponential', 'linear' or 'fixed'"],
    ['jitter', () => task({ id: 'opt', retry: { jitter: 2 }, run: async () => {} }), 'retry.jitter is 2', 'a fraction between 0 and 1'],
    ['factor', () => task({ id: 'opt', retry: { factor: 0.5 }, run: async () => {} }), 'retry.factor is 0.5', 'a number ≥ 1'],
    ['maxAttempts', () => task({ id: 'opt', retry: { maxAttempts: 0 }, run: async () => {} }), 'retry.maxAttempts is 0', 'a whole number ≥ 1'],
    ['empty id', () => task({ id: '', run: async () => {} }), 'its id is ""', 'non-empty string id'],
  ])('rejects a task defined with a bad %s, naming the value and what is expected', async (_what, define, named, expected) => {
    setup()
    const error = await thrown(define)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.message).toContain(named)
    expect(error.message).toContain(expected)
    await expectEngineStillRuns()
  })

  it('rejects a cron with an empty name and the deletion of an unknown cron', async () => {
    const s = setup()
    const empty = await thrown(() => createCron(undefined, { name: '', cron: '0 * * * *', taskId: 'healthy' }))
    expect(empty.code).toBe('INVALID_CRON')
    expect(empty.message).toContain('its name is ""')
    const missing = await thrown(() => deleteCron(undefined, 'nightly'))
    expect(missing.code).toBe('CRON_NOT_FOUND')
    expect(missing.message).toContain('"nightly"')
    expect(missing.message).toContain('Check the name given to createCron()')
    expect(s.engine.crons.list()).toEqual([])
    await expectEngineStillRuns()
  })
})
