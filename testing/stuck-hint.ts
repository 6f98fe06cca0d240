import { BacklotError, isBacklotError } from '../src/errors/backlot-error.js'

const EXECUTING_HINT =
  ' A run shown as "executing" awaits something outside virtual time: a promise that never settles, real I/O, or a real timer. ' +
  'Pass fakeGlobals: true to createTestEngine() so setTimeout and Date follow the virtual clock, or give the task a timeout.'

/** Adds what to do to the time driver's "cannot move" error when a run is stuck executing. */
export function withStuckHint(error: unknown): unknown {
  if (!isBacklotError(error) || error.code !== 'LOOP_LIMIT' || !error.message.includes('time cannot move') || !error.message.includes('executing)')) return error
  return new BacklotError(error.code, error.message + EXECUTING_HINT, { cause: error })
}

/** Rethrows with the hint added: for `.catch()` on the time driver's promises. */
export function rethrowWithHint(error: unknown): never {
  throw withStuckHint(error)
}
