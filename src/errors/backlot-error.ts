import { hasMarker, markErrorClass } from './error-marker.js'

// Every error backlot throws carries this marker, so `isBacklotError` and `instanceof` work
// across two loaded copies of the library.
const BACKLOT_ERROR = 'backlot.error'

/**
 * Base class of every error backlot throws. `code` is stable and machine-readable.
 *
 * @example
 * try { await sendEmail.trigger(payload) } catch (e) { if (isBacklotError(e)) console.log(e.code) }
 */
export class BacklotError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}
markErrorClass(BacklotError, BACKLOT_ERROR)

/** True for any backlot error, even one made by another copy of the library. */
export function isBacklotError(value: unknown): value is BacklotError {
  return hasMarker(value, Symbol.for(BACKLOT_ERROR))
}
