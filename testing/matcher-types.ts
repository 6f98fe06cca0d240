import type { RunStatus } from '../src/model/run-record.js'
import type { AnyTask } from '../src/sdk/task-types.js'
import type { ExpectedError } from './matchers.js'

/**
 * The backlot matchers as vitest sees them (`expect(run).toHaveCompleted()` type-checks once
 * `backlot/testing` is imported).
 *
 * @example
 * expect(run).toHaveCompletedWith({ sent: true })
 */
export interface BacklotMatchers<R = unknown> {
  /** The run completed. */
  toHaveCompleted(): R
  /** The run completed with a result equal to `value` (after the JSON round trip). */
  toHaveCompletedWith(value: unknown): R
  /** The run failed (after its last attempt). */
  toHaveFailed(): R
  /** The run failed with an error matching a message part, a pattern, an Error class or instance, or a partial `{ name, message, code }`. */
  toHaveFailedWith(error: ExpectedError): R
  /** The run was cancelled. */
  toHaveBeenCancelled(): R
  /** The run has this status now. */
  toHaveStatus(status: RunStatus): R
  /** The run started exactly `n` attempts. */
  toHaveAttempts(n: number): R
  /** The run reached step `name` (a name or a key such as `send#2`); with `result`, the step completed with it. */
  toHaveRunStep(name: string, result?: unknown): R
  /** The run spawned a child of `task` (with `payload`, if given). */
  toHaveSpawned(task: AnyTask | string, payload?: unknown): R
  /** The run logged a line containing `message` (or matching it). */
  toHaveLogged(message: string | RegExp): R
  /** On a TestEngine: a run of `task` (with `payload`, if given) exists. Use `.not` to assert that something did not run. */
  toHaveTriggered(task: AnyTask | string, payload?: unknown): R
  /** On a ReplayResult: the handler reached the same steps, in the same order, as its history. */
  toBeDeterministic(): R
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends BacklotMatchers<T> {}
}
