import type { RetentionOptions } from '../src/engine/retention.js'
import type { AnyTask } from '../src/sdk/task-types.js'

/**
 * Options of `createTestEngine()`.
 *
 * @example
 * createTestEngine({ tasks: [checkout, sendEmail], seed: 7, now: '2026-06-01T00:00:00Z', fakeGlobals: true })
 */
export interface TestEngineOptions {
  /** The tasks the engine knows: every task a test triggers, and every child, fan-out or triggerAndWait target. */
  tasks?: readonly AnyTask[]
  /** Seeds run ids and retry jitter: the same seed gives byte-identical event logs. Default 1. */
  seed?: number
  /** Where virtual time starts. Default 2026-01-01T00:00:00Z. */
  now?: Date | number | string
  /** Make `Date`, `setTimeout`, `setInterval` and `setImmediate` follow the engine's virtual clock until dispose. Default false. */
  fakeGlobals?: boolean
  /** Every `step.sleep` ends at once (logic-only tests). Default false. */
  skipSleeps?: boolean
  /** Retries start at once instead of after their backoff. Default false. */
  skipRetryDelays?: boolean
  /** Arm the crons of `cron()` tasks. Default true. */
  crons?: boolean
  /** Look task ids not in `tasks` up among every task defined in the process. Default false (hermetic). */
  discoverTasks?: boolean
  /** Make this engine the default transport at once, as `use()` does. Default false. */
  use?: boolean
  /** Most timer jumps one `runUntilIdle()` or awaited run may make before failing. Default 100,000. */
  loopLimit?: number
  /** Real milliseconds to wait for an invocation busy with something other than virtual time. Default 2,000. */
  hangTimeoutMs?: number
  /** Forget ended runs by age and count, as a long-lived engine does (`{ maxAge, maxRuns }`). Default: every run is kept. */
  retention?: RetentionOptions
}
