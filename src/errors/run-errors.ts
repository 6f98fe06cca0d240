import { BacklotError, hasMarker } from './backlot-error.js'
import type { SerializedError } from './serialize.js'

const RUN_FAILED = Symbol.for('backlot.TaskRunFailedError')
const RUN_CANCELLED = Symbol.for('backlot.TaskRunCancelledError')

/**
 * `triggerAndWait()` or `waitForCompletion()` on a run that failed. Carries the run id and its error.
 *
 * @example
 * try { await processOrder.triggerAndWait(p) } catch (e) { if (TaskRunFailedError.is(e)) console.log(e.runId, e.error.message) }
 */
export class TaskRunFailedError extends BacklotError {
  readonly runId: string
  readonly taskId: string
  readonly error: SerializedError

  constructor(runId: string, taskId: string, error: SerializedError) {
    super('RUN_FAILED', `Run "${runId}" of task "${taskId}" failed: ${error.name}: ${error.message}`, { cause: error })
    this.runId = runId
    this.taskId = taskId
    this.error = error
    Object.defineProperty(this, RUN_FAILED, { value: true })
  }

  static is(value: unknown): value is TaskRunFailedError {
    return hasMarker(value, RUN_FAILED)
  }
}

/** `triggerAndWait()` or `waitForCompletion()` on a run that was cancelled. */
export class TaskRunCancelledError extends BacklotError {
  readonly runId: string
  readonly taskId: string

  constructor(runId: string, taskId: string, reason?: string) {
    super('RUN_CANCELLED', `Run "${runId}" of task "${taskId}" was cancelled${reason ? `: ${reason}` : ''}.`)
    this.runId = runId
    this.taskId = taskId
    Object.defineProperty(this, RUN_CANCELLED, { value: true })
  }

  static is(value: unknown): value is TaskRunCancelledError {
    return hasMarker(value, RUN_CANCELLED)
  }
}
