// The host's own timer functions, captured when backlot loads: a test that later calls
// vi.useFakeTimers() replaces the globals, and the engine's real-time work must not stop.
const g = globalThis as unknown as {
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
  setImmediate?: (fn: () => void) => unknown
}

export const realSetTimeout = g.setTimeout.bind(globalThis)
export const realClearTimeout = g.clearTimeout.bind(globalThis)
const realSetImmediate = g.setImmediate?.bind(globalThis)
export const realNow = Date.now.bind(Date)

/** Resolves after one turn of the real event loop (I/O and timers get their chance). */
export function realMacrotask(): Promise<void> {
  return new Promise((resolve) => (realSetImmediate ? realSetImmediate(resolve) : realSetTimeout(resolve, 0)))
}
