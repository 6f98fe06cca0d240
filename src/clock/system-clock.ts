import type { Clock, TimerHandle } from './clock.js'
import { realClearTimeout, realNow, realSetTimeout } from '../model/real-timers.js'

// setTimeout overflows past 2^31-1 ms (~24.8 days); longer waits are chained.
const MAX_DELAY = 2_147_483_647

interface SystemTimer {
  id: unknown
  cleared: boolean
}

/**
 * The real clock, for the embedded default engine and the dev server.
 *
 * @example
 * const engine = new Engine({ clock: systemClock() })
 */
export function systemClock(): Clock {
  return {
    now: realNow,
    setTimer(at, fn) {
      const timer: SystemTimer = { id: undefined, cleared: false }
      const arm = () => {
        const wait = at - realNow()
        if (wait > MAX_DELAY) {
          timer.id = realSetTimeout(arm, MAX_DELAY)
        } else {
          timer.id = realSetTimeout(() => {
            if (!timer.cleared) fn()
          }, Math.max(0, wait))
        }
      }
      arm()
      return timer as unknown as TimerHandle
    },
    clearTimer(handle) {
      const timer = handle as unknown as SystemTimer
      timer.cleared = true
      realClearTimeout(timer.id)
    },
  }
}
