import { realClearTimeout, realSetTimeout } from '../model/real-timers.js'
import { isTerminal } from '../model/run-record.js'
import type { RouteContext } from './context.js'

/** Why a long-poll answered. */
export type WaitOutcome = 'ended' | 'elapsed' | 'aborted' | 'closed'

/**
 * Holds until the run ends, `waitMs` passes, the request is aborted, or the API closes.
 * The wait is timed on the engine's clock, except on a virtual clock, where it is timed in real
 * time so that a long-poll never plants a timer that moves virtual time; there the run ends
 * as the test drives time (or `drive` drives it).
 */
export async function waitForRunEnd(ctx: RouteContext, runId: string, waitMs: number): Promise<WaitOutcome> {
  const { engine } = ctx
  if (isTerminal(engine.get(runId)!.status)) return 'ended'
  if (ctx.drive) {
    await ctx.drive(runId)
    return 'ended'
  }
  if (waitMs === 0) return 'elapsed'
  return new Promise<WaitOutcome>((resolve) => {
    let done = false
    const cleanups: (() => void)[] = []
    const finish = (outcome: WaitOutcome): void => {
      if (done) return
      done = true
      for (const cleanup of cleanups) cleanup()
      resolve(outcome)
    }
    // A subscription, not engine.waitForRun(): it is removed when the poll answers, so a long run
    // polled many times does not collect waiters.
    const off = engine.subscribe((event, run) => {
      if (event.runId === runId && isTerminal(run.status)) finish('ended')
    })
    cleanups.push(off)
    if (ctx.waitTimers === 'clock') {
      const timer = engine.clock.setTimer(engine.clock.now() + waitMs, () => finish('elapsed'))
      cleanups.push(() => engine.clock.clearTimer(timer))
    } else {
      const timer = realSetTimeout(() => finish('elapsed'), waitMs)
      cleanups.push(() => realClearTimeout(timer))
    }
    const signal = ctx.request.signal
    if (signal.aborted) return finish('aborted')
    const onAbort = (): void => finish('aborted')
    signal.addEventListener('abort', onAbort, { once: true })
    cleanups.push(() => signal.removeEventListener('abort', onAbort))
    cleanups.push(ctx.closing.add(() => finish('closed')))
  })
}
