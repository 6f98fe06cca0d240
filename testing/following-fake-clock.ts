import FakeTimers from '@sinonjs/fake-timers'
import type { VirtualClock } from '../src/clock/virtual-clock.js'

export type FakeClock = ReturnType<typeof FakeTimers.createClock>

/**
 * A @sinonjs/fake-timers clock whose `now` is the virtual clock's, for its faked `Date` (which
 * has many edges worth not redoing: calls without `new`, `Date.parse`, `instanceof`, `toString`).
 * Timers never live here: the virtual clock's own heap orders them. Created only when a test
 * fakes the globals or asks for it, since a fake-timers clock costs more than a test engine.
 */
export function followingFakeClock(clock: VirtualClock): FakeClock {
  const fake = FakeTimers.createClock(clock.now(), clock.loopLimit)
  Object.defineProperty(fake, 'now', {
    get: () => clock.now(),
    // Only the virtual clock moves time; fake-timers' own tick has nothing to fire here.
    set: () => {},
    enumerable: true,
    configurable: true,
  })
  return fake
}
