/**
 * A promise that never settles, made afresh for every caller. Not one shared constant: a
 * handler that awaits a pending promise adds a reaction to it, and that reaction holds the
 * handler's frame (its invocation, journal, closures and locals). A shared constant lives
 * forever, so every suspension would be kept forever; a fresh promise is collected with the
 * frame once nothing else holds either.
 */
export function never(): Promise<never> {
  return new Promise<never>(() => {})
}
