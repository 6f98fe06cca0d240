import { VirtualClock, type VirtualTimer } from '../src/clock/virtual-clock.js'
import { followingFakeClock, type FakeClock } from './following-fake-clock.js'

// Like setTimeout, a delay past 2^31-1 ms becomes 1 ms.
const MAX_DELAY = 2_147_483_647
// Node's timer ids are objects that turn into numbers; start far from small numbers as fake-timers does.
const FIRST_ID = 1e12
// setImmediate callbacks run before timeouts due at the same instant.
const IMMEDIATE_RANK = -1

type Callback = (...args: unknown[]) => void

const GLOBAL_NAMES = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const

/**
 * The test engine's VirtualClock, able to lend its fake `Date`, `setTimeout`, `setInterval` and
 * `setImmediate` to `globalThis`, so task code that reads the time or waits on a timer follows
 * the same virtual time as the engine. Timers set through the globals are "foreign": they share
 * the clock's heap, so the driver jumps to them like to the engine's own, and an invocation
 * waiting on one is parked.
 *
 * @example
 * const clock = new TestClock(Date.UTC(2026, 0, 1))
 * const restore = clock.installGlobals()
 * setTimeout(() => console.log(new Date().toISOString()), 1000)
 * clock.next() // logs 2026-01-01T00:00:01.000Z
 * restore()
 */
export class TestClock extends VirtualClock {
  /** Foreign timers by id. */
  private readonly foreign = new Map<number, VirtualTimer>()
  private lastForeignId = FIRST_ID
  private fakeClock: FakeClock | undefined
  private restoreGlobals: (() => void) | undefined

  /** A @sinonjs/fake-timers clock that reads this clock's time: the source of the faked `Date`. */
  get fake(): FakeClock {
    return (this.fakeClock ??= followingFakeClock(this))
  }

  /** True while Date and timers on globalThis follow this clock. */
  get globalsInstalled(): boolean {
    return this.restoreGlobals !== undefined
  }

  /** Timers set by task code through the faked globals and not yet fired or cleared. */
  foreignTimers(): number {
    return this.foreign.size
  }

  /** Puts this clock's Date and timer functions on globalThis; returns the function that restores the originals. */
  installGlobals(): () => void {
    if (this.restoreGlobals) return this.restoreGlobals
    const g = globalThis as unknown as Record<string, unknown>
    const saved = new Map<string, PropertyDescriptor | undefined>()
    for (const name of GLOBAL_NAMES) saved.set(name, Object.getOwnPropertyDescriptor(g, name))
    const fakes: Record<(typeof GLOBAL_NAMES)[number], unknown> = {
      Date: this.fake.Date,
      setTimeout: (fn: Callback, ms?: number, ...args: unknown[]) => this.addForeign(fn, args, clampDelay(ms), 0, 0),
      setInterval: (fn: Callback, ms?: number, ...args: unknown[]) => {
        const every = Math.max(1, clampDelay(ms))
        return this.addForeign(fn, args, every, 0, every)
      },
      setImmediate: (fn: Callback, ...args: unknown[]) => this.addForeign(fn, args, 0, IMMEDIATE_RANK, 0),
      clearTimeout: (id: unknown) => this.clearForeign(id),
      clearInterval: (id: unknown) => this.clearForeign(id),
      clearImmediate: (id: unknown) => this.clearForeign(id),
    }
    for (const name of GLOBAL_NAMES) {
      if (name.endsWith('Immediate') && !saved.get(name)) continue
      Object.defineProperty(g, name, { value: fakes[name], writable: true, configurable: true })
    }
    this.restoreGlobals = () => {
      this.restoreGlobals = undefined
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(g, name, descriptor)
        else delete g[name]
      }
      for (const timer of this.foreign.values()) this.removeTimer(timer)
      this.foreign.clear()
    }
    return this.restoreGlobals
  }

  /** Sets a foreign timer and returns a Node-like handle (ref/unref/refresh, usable as a number). */
  private addForeign(fn: Callback, args: unknown[], delay: number, rank: number, every: number): ForeignHandle {
    const id = ++this.lastForeignId
    const arm = (): void => {
      const fire = every > 0 ? () => fn(...args) : () => {
        this.foreign.delete(id)
        fn(...args)
      }
      this.foreign.set(id, this.addTimer(this.now() + delay, fire, rank, every, true))
    }
    arm()
    let refed = true
    const handle: ForeignHandle = {
      ref() {
        refed = true
        return this
      },
      unref() {
        refed = false
        return this
      },
      hasRef: () => refed,
      refresh: () => {
        const timer = this.foreign.get(id)
        if (timer) {
          this.removeTimer(timer)
          arm()
        }
        return handle
      },
      [Symbol.toPrimitive]: () => id,
    }
    return handle
  }

  /** clearTimeout, clearInterval and clearImmediate each clear any kind, as in Node and browsers. */
  private clearForeign(handle: unknown): void {
    const id = typeof handle === 'object' && handle !== null ? Number(handle) : handle
    const timer = this.foreign.get(id as number)
    if (!timer) return
    this.foreign.delete(id as number)
    this.removeTimer(timer)
  }
}

interface ForeignHandle {
  ref(): ForeignHandle
  unref(): ForeignHandle
  hasRef(): boolean
  refresh(): ForeignHandle
  [Symbol.toPrimitive](): number
}

function clampDelay(ms: unknown): number {
  const n = Number(ms)
  if (!Number.isFinite(n) || n < 0) return 0
  return n > MAX_DELAY ? 1 : Math.floor(n)
}
