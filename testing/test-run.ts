import type { RunRecord } from '../src/model/run-record.js'
import type { Jsonified } from '../src/model/json.js'
import type { Task } from '../src/sdk/task-types.js'
import type { RunHandle, TriggerOptions } from '../src/sdk/types.js'

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

/* eslint-disable @typescript-eslint/no-explicit-any */
/** What a task's handler returns (before the JSON round trip). */
export type ResultOf<T> = T extends Task<any, infer R> ? R : unknown
/** What a task's runs take as payload. */
export type PayloadOf<T> = T extends Task<infer P, any> ? P : never
/* eslint-enable @typescript-eslint/no-explicit-any */
/** `trigger()`'s arguments after the task: the payload may be left out only when the task takes none. */
export type TriggerArgs<T> = undefined extends PayloadOf<T> ? [payload?: PayloadOf<T>, options?: TriggerOptions] : [payload: PayloadOf<T>, options?: TriggerOptions]
