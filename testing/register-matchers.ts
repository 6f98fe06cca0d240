import { backlotMatchers } from './matchers.js'
import { environment } from '../src/model/builtin-module.js'

/**
 * The `expect` of vitest, jest or anything with the same `extend`.
 *
 * @example
 * registerBacklotMatchers(expect satisfies ExtendableExpect)
 */
export interface ExtendableExpect {
  extend(matchers: Record<string, unknown>): void
}

/**
 * Registers the backlot matchers on an `expect`. Importing `backlot/testing` inside vitest does
 * this for you; call it for another runner, or for a second copy of `expect`.
 *
 * @example
 * import { expect } from 'vitest'
 * registerBacklotMatchers(expect)
 */
export function registerBacklotMatchers(expect: ExtendableExpect): void {
  expect.extend(backlotMatchers as unknown as Record<string, unknown>)
}

/** Registers the matchers when loaded inside a vitest worker; a no-op anywhere else. */
export async function autoRegisterMatchers(): Promise<void> {
  if (!environment().VITEST) return
  try {
    const vitest = (await import('vitest')) as { expect: ExtendableExpect }
    registerBacklotMatchers(vitest.expect)
  } catch {
    // vitest is not resolvable from here: the caller registers the matchers itself.
  }
}
