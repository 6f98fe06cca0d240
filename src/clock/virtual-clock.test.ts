import { describe, expect, it } from 'vitest'
import { VirtualClock } from './virtual-clock.js'

const T0 = Date.UTC(2026, 0, 1)

describe('VirtualClock', () => {
  it('fires timers in time order, each with the clock at its own time', () => {
    const clock = new VirtualClock(T0)
    const seen: number[] = []
    for (const offset of [300, 100, 200]) clock.setTimer(T0 + offset, () => seen.push(clock.now() - T0))
    clock.advance(250)
    expect(seen).toEqual([100, 200])
    expect(clock.now()).toBe(T0 + 250)
    expect(clock.nextTimerAt()).toBe(T0 + 300)
  })

  it('fires timers due at the same instant in the order they were set', () => {
    const clock = new VirtualClock(T0)
    const seen: string[] = []
    for (const name of ['a', 'b', 'c', 'd']) clock.setTimer(T0 + 1_000, () => seen.push(name))
    clock.next()
    expect(seen).toEqual(['a', 'b', 'c', 'd'])
  })

  it('keeps first-in first-out order for a timer due beyond the 24.8-day setTimeout range', () => {
    const clock = new VirtualClock(T0)
    const seen: string[] = []
    const due = T0 + 40 * 86_400_000
    clock.setTimer(due, () => seen.push('set first'))
    clock.advance('30 days')
    clock.setTimer(due, () => seen.push('set later'))
    clock.advanceTo(due)
    expect(seen).toEqual(['set first', 'set later'])
  })

  it('clears a timer, and ignores a handle that already fired or belongs to another clock', () => {
    const clock = new VirtualClock(T0)
    const other = new VirtualClock(T0)
    const seen: string[] = []
    const first = clock.setTimer(T0 + 10, () => seen.push('first'))
    const second = clock.setTimer(T0 + 20, () => seen.push('second'))
    const foreign = other.setTimer(T0 + 20, () => seen.push('other'))
    clock.clearTimer(first)
    clock.clearTimer(foreign)
    clock.clearTimer(undefined as never)
    expect(clock.pendingTimers()).toBe(1)
    clock.advance(30)
    clock.clearTimer(second)
    expect(seen).toEqual(['second'])
    expect(clock.pendingTimers()).toBe(0)
    expect(other.pendingTimers()).toBe(1)
  })

  it('fires a timer set for a past time, set from a firing timer, 1 ms later, as setTimeout(fn, 0) would', () => {
    const clock = new VirtualClock(T0)
    const seen: number[] = []
    clock.setTimer(T0 + 5, () => clock.setTimer(T0, () => seen.push(clock.now() - T0)))
    clock.setTimer(T0 - 1_000, () => seen.push(clock.now() - T0))
    clock.advance(10)
    expect(seen).toEqual([0, 6])
  })

  it('keeps firing after a timer throws, then rethrows the first error', () => {
    const clock = new VirtualClock(T0)
    const seen: string[] = []
    clock.setTimer(T0 + 1, () => {
      throw new Error('first')
    })
    clock.setTimer(T0 + 2, () => {
      throw new Error('second')
    })
    clock.setTimer(T0 + 3, () => seen.push('third'))
    expect(() => clock.advance(5)).toThrow('first')
    expect(seen).toEqual(['third'])
    expect(clock.now()).toBe(T0 + 5)
  })

  it('orders many timers with interleaved clears as a sort would', () => {
    const clock = new VirtualClock(T0)
    const seen: number[] = []
    const handles = []
    let x = 12_345
    for (let i = 0; i < 2_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
      const at = T0 + (x % 500)
      handles.push({ i, at, handle: clock.setTimer(at, () => seen.push(i)) })
    }
    const kept = handles.filter(({ i, handle }) => (i % 3 === 0 ? (clock.clearTimer(handle), false) : true))
    clock.advance(1_000)
    expect(seen).toEqual(kept.sort((a, b) => a.at - b.at || a.i - b.i).map(({ i }) => i))
  })

  it('refuses to move back in time', () => {
    const clock = new VirtualClock(T0)
    expect(() => clock.advanceTo(T0 - 1)).toThrow(/Time only moves forward/)
    expect(() => clock.advanceTo('not a date')).toThrow(/not a valid date/)
  })
})
