import { BacklotError } from '../errors/backlot-error.js'

/** What went wrong with a store; stable, for code that reacts (a fenced leader stops acting). */
export type StoreErrorCode =
  | 'STORE_CLOSED'
  | 'STORE_WRITE_FAILED'
  /** A read from a store across a network failed (the database is down or unreachable). */
  | 'STORE_READ_FAILED'
  | 'STORE_OPEN_FAILED'
  | 'STORE_TOO_NEW'
  | 'STORE_LOCKED'
  | 'STORE_CORRUPT'
  /** Another replica holds the lease this store's writes are fenced by: this one must stop acting. */
  | 'STORE_FENCED'
  /** A write would store something twice that may exist once (a cron firing). */
  | 'STORE_CONFLICT'

/**
 * A store could not do what was asked (closed, unreadable, written by a newer version, disk
 * full, fenced off by a newer leader, a cron firing stored twice). The message says what failed
 * and what to do.
 *
 * @example
 * try { await store.flush() } catch (e) { if (isBacklotError(e) && e.code === 'STORE_WRITE_FAILED') console.error(e.message) }
 */
export class StoreError extends BacklotError {
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}

export function storeClosed(what: string): StoreError {
  return new StoreError('STORE_CLOSED', `Failed to ${what}: the run store is closed. Open a new store (or restart the server) before using it again.`)
}
