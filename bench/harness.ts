import { type AnyTask } from 'backlot'
import { Engine, VirtualClock } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'

/** An engine on a virtual clock with its driver: the same setup a test engine uses. */
export function virtualEngine(tasks: AnyTask[], options: { keepCrons?: boolean } = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  const engine = new Engine({ clock, tasks, seed: 42, crons: options.keepCrons ?? true })
  const driver = new TimeDriver(engine, clock)
  return { clock, engine, driver }
}

/** Wall time of `fn`, best of `repeat` runs, in ms. */
export async function time(fn: () => Promise<void> | void, repeat = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now()
    await fn()
    best = Math.min(best, performance.now() - t0)
  }
  return best
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (!g) throw new Error('Run with node --expose-gc (npm run bench does).')
  g()
  g()
}

export function row(name: string, value: string, floor: string, goal: string): string {
  return `| ${name} | ${value} | ${floor} | ${goal} |`
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}
