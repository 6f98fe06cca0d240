import type { Engine } from '../../engine/engine.js'

/**
 * Compacts ended runs away at start and then every `everyMs` of real time (default 60 s):
 * those that ended more than `retainMs` ago on the engine's clock, and all but the `maxEnded`
 * most recent. Returns the stop function.
 */
export function startRetention(engine: Engine, policy: { retainMs: number; maxEnded: number; everyMs?: number }): () => void {
  const sweep = (): void => {
    engine.compact({ endedBefore: engine.clock.now() - policy.retainMs, maxEnded: policy.maxEnded }).catch(() => undefined) // a failed sweep leaves everything in place; the next one tries again
  }
  sweep()
  const timer = setInterval(sweep, policy.everyMs ?? 60_000)
  timer.unref()
  return () => clearInterval(timer)
}
