/** A timer registered on a Clock; opaque to callers. */
export type TimerHandle = { readonly __timer: unique symbol }

/**
 * Time as the engine sees it. The engine never reads Date.now() or calls setTimeout itself,
 * so a virtual clock can move it through a month in a millisecond.
 */
export interface Clock {
  now(): number
  /** Calls `fn` once when the clock reaches `at` (epoch ms); at once (asynchronously) if `at` is past. */
  setTimer(at: number, fn: () => void): TimerHandle
  clearTimer(handle: TimerHandle): void
}
