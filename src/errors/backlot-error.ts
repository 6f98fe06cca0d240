/** Every error backlot throws carries this marker, so `isBacklotError` works across two loaded copies of the library. */
const BACKLOT_ERROR = Symbol.for('backlot.error')

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
    Object.defineProperty(this, BACKLOT_ERROR, { value: true })
  }
}

/** True for any backlot error, even one made by another copy of the library. */
export function isBacklotError(value: unknown): value is BacklotError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BACKLOT_ERROR] === true
}

/** Checks a marker symbol on a value; how every error class here recognizes its own kind. */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true
}
