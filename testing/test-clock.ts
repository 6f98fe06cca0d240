import { VirtualClock } from '../src/clock/virtual-clock.js'

// Like setTimeout, a delay past 2^31-1 ms becomes 1 ms.
const MAX_DELAY = 2_147_483_647

type Callback = (...args: unknown[]) => void
type Key = unknown

const GLOBAL_NAMES = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const

/**
 * The test engine's VirtualClock, able to lend its fake `Date`, `setTimeout`, `setInterval` and
 * `setImmediate` to `globalThis`, so task code that reads the time or waits on a timer follows
 * the same virtual time as the engine. Timers set through the globals are "foreign": the
 * driver jumps to them like to the engine's own, and an invocation waiting on one is parked.
 *
 * @example
 * const clock = new TestClock(Date.UTC(2026, 0, 1))
 * const restore = clock.installGlobals()
 * setTimeout(() => console.log(new Date().toISOString()), 1000)
 * clock.next() // logs 2026-01-01T00:00:01.000Z
 * restore()
 */
export class TestClock extends VirtualClock {
  /** Foreign timers by fake-timers id: when each fires next, and its interval if repeating. */
  private readonly foreign = new Map<Key, { id: unknown; due: number; every?: number; clear: (id: never) => void }>()
  private restoreGlobals: (() => void) | undefined

  /** True while Date and timers on globalThis follow this clock. */
  get globalsInstalled(): boolean {
    return this.restoreGlobals !== undefined
  }

  /** Timers set by task code through the faked globals and not yet fired or cleared. */
  foreignTimers(): number {
    return this.foreign.size
  }

  override nextTimerAt(): number | undefined {
    const own = super.nextTimerAt()
    let min = own
    for (const { due } of this.foreign.values()) if (min === undefined || due < min) min = due
    return min
  }

  /** Puts this clock's Date and timer functions on globalThis; returns the function that restores the originals. */
  installGlobals(): () => void {
    if (this.restoreGlobals) return this.restoreGlobals
    const g = globalThis as unknown as Record<string, unknown>
    const saved = new Map<string, PropertyDescriptor | undefined>()
    for (const name of GLOBAL_NAMES) saved.set(name, Object.getOwnPropertyDescriptor(g, name))
    const fake = this.fake
    const key = (id: unknown): Key => (typeof id === 'object' && id !== null ? Number(id) : id)
    const fakes: Record<(typeof GLOBAL_NAMES)[number], unknown> = {
      Date: fake.Date,
      setTimeout: (fn: Callback, ms?: number, ...args: unknown[]) => {
        const delay = clampDelay(ms)
        const id: unknown = fake.setTimeout(() => {
          this.foreign.delete(key(id))
          fn(...args)
        }, delay)
        this.foreign.set(key(id), { id, due: fake.now + delay, clear: fake.clearTimeout })
        return id
      },
      setInterval: (fn: Callback, ms?: number, ...args: unknown[]) => {
        const every = Math.max(1, clampDelay(ms))
        const id: unknown = fake.setInterval(() => {
          const entry = this.foreign.get(key(id))
          if (entry) entry.due = fake.now + every
          fn(...args)
        }, every)
        this.foreign.set(key(id), { id, due: fake.now + every, every, clear: fake.clearInterval })
        return id
      },
      setImmediate: (fn: Callback, ...args: unknown[]) => {
        const id: unknown = fake.setImmediate(() => {
          this.foreign.delete(key(id))
          fn(...args)
        })
        this.foreign.set(key(id), { id, due: fake.now, clear: fake.clearImmediate })
        return id
      },
      clearTimeout: (id: unknown) => this.clearForeign(key(id)),
      clearInterval: (id: unknown) => this.clearForeign(key(id)),
      clearImmediate: (id: unknown) => this.clearForeign(key(id)),
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
      for (const entry of this.foreign.values()) entry.clear(entry.id as never)
      this.foreign.clear()
    }
    return this.restoreGlobals
  }

  /** clearTimeout, clearInterval and clearImmediate each clear any kind, as in Node and browsers. */
  private clearForeign(key: Key): void {
    const entry = this.foreign.get(key)
    if (!entry) return
    this.foreign.delete(key)
    entry.clear(entry.id as never)
  }
}

function clampDelay(ms: unknown): number {
  const n = Number(ms)
  if (!Number.isFinite(n) || n < 0) return 0
  return n > MAX_DELAY ? 1 : Math.floor(n)
}
