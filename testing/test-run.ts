import type { RunRecord } from '../src/engine/run-record.js'
import type { Jsonified } from '../src/sdk/json.js'
import type { RunHandle } from '../src/sdk/types.js'

/**
 * A run started on a test engine. Awaiting `waitForCompletion()` moves virtual time until the
 * run ends; `record()` reads its status record now, without moving time.
 *
 * @example
 * const run = engine.trigger(sendEmail, { to: 'a@b.c' })
 * expect(await run.waitForCompletion()).toEqual({ sent: true })
 * expect(run.record().attempts).toBe(1)
 */
export interface TestRun<R = unknown> extends RunHandle<R> {
  /** The status record as it is now (nothing moves). */
  record(): RunRecord<Jsonified<R>>
  /** Moves virtual time until the run ends, and resolves with its record (a failed run does not throw). */
  settle(): Promise<RunRecord<Jsonified<R>>>
}
