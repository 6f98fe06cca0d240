import { toAttemptError } from './attempt-error.js'
import type { ExecutionOutcome } from './types.js'

/** The outcome of an invocation that never produced one: it threw, timed out, or its app was unreachable. */
export function failedOutcome(error: unknown, now: number): ExecutionOutcome {
  return { status: 'failed', error: toAttemptError(error, now), steps: [], waits: [], spawns: [], logs: [], order: [] }
}
