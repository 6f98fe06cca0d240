import { TestClock } from 'backlot/testing'
import { afterEach, describe, expect, it } from 'vitest'

describe('TestClock', () => {
  let restore: (() => void) | undefined
  afterEach(() => {
    restore?.()
    restore = undefined
  })

  it('counts timers set through the faked globals and jumps to them', () => {
    const clock = new TestClock(Date.UTC(2026, 0, 1))
    restore = clock.installGlobals()
    const fired: string[] = []
    setTimeout(() => fired.push(new Date().toISOString()), 1_500)
    clock.setTimer(clock.now() + 60_000, () => fired.push('engine'))
    expect(clock.foreignTimers()).toBe(1)
    expect(clock.nextTimerAt()).toBe(Date.UTC(2026, 0, 1) + 1_500)
    clock.next()
    expect(fired).toEqual(['2026-01-01T00:00:01.500Z'])
    expect(clock.foreignTimers()).toBe(0)
    clock.next()
    expect(fired).toEqual(['2026-01-01T00:00:01.500Z', 'engine'])
  })

  it('clears any kind of foreign timer with any clear function, as Node does', () => {
    const clock = new TestClock()
    restore = clock.installGlobals()
    const interval = setInterval(() => {}, 10)
    const immediate = setImmediate(() => {})
    const timeout = setTimeout(() => {}, 10)
    expect(clock.foreignTimers()).toBe(3)
    clearTimeout(interval)
    clearInterval(immediate as unknown as NodeJS.Timeout)
    clearImmediate(timeout as unknown as NodeJS.Immediate)
    expect(clock.foreignTimers()).toBe(0)
    expect(clock.fake.countTimers()).toBe(0)
  })

  it('clears leftover foreign timers when the globals are restored', () => {
    const clock = new TestClock()
    const undo = clock.installGlobals()
    expect(clock.installGlobals()).toBe(undo)
    setInterval(() => {}, 1_000)
    undo()
    expect(clock.globalsInstalled).toBe(false)
    expect(clock.fake.countTimers()).toBe(0)
  })
})
