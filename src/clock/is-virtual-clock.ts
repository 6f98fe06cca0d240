/**
 * True for a clock that moves only when told to (a VirtualClock), recognised by its shape so a
 * second copy of the library is recognised too.
 *
 * @example
 * isVirtualClock(new VirtualClock()) // true
 */
export function isVirtualClock(clock: unknown): boolean {
  const c = clock as { advanceTo?: unknown; nextTimerAt?: unknown } | undefined
  return typeof c?.advanceTo === 'function' && typeof c.nextTimerAt === 'function'
}
