import { BacklotError } from './backlot-error.js'
import { markErrorClass } from './error-marker.js'
import type { SerializedError } from './serialized-error.js'

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
  }

  static is(value: unknown): value is TaskRunFailedError {
    return value instanceof TaskRunFailedError
  }
}
markErrorClass(TaskRunFailedError, 'backlot.TaskRunFailedError')

/** `triggerAndWait()` or `waitForCompletion()` on a run that was cancelled. */
export class TaskRunCancelledError extends BacklotError {
  readonly runId: string
  readonly taskId: string

  constructor(runId: string, taskId: string, reason?: string) {
    super('RUN_CANCELLED', `Run "${runId}" of task "${taskId}" was cancelled${reason ? `: ${reason}` : ''}.`)
    this.runId = runId
    this.taskId = taskId
  }

  static is(value: unknown): value is TaskRunCancelledError {
    return value instanceof TaskRunCancelledError
  }
}
markErrorClass(TaskRunCancelledError, 'backlot.TaskRunCancelledError')

/**
 * The reason a cancelled run's attempt was aborted: what `ctx.signal.reason` holds in the
 * handler, so task code can tell a cancel from a timeout.
 *
 * @example
 * ctx.signal.addEventListener('abort', () => { if (RunCancelledError.is(ctx.signal.reason)) cleanup() })
 */
export class RunCancelledError extends BacklotError {
  readonly runId: string

  constructor(runId: string) {
    super('CANCELLED', `Run "${runId}" was cancelled.`)
    this.runId = runId
  }

  static is(value: unknown): value is RunCancelledError {
    return value instanceof RunCancelledError
  }
}
markErrorClass(RunCancelledError, 'backlot.RunCancelledError')

/**
 * An engine was used, or waited on, after `dispose()`: nothing more will happen on it.
 *
 * @example
 * await expect(run.waitForCompletion()).rejects.toBeInstanceOf(EngineDisposedError)
 */
export class EngineDisposedError extends BacklotError {
  constructor(message: string) {
    super('DISPOSED', message)
  }

  static is(value: unknown): value is EngineDisposedError {
    return value instanceof EngineDisposedError
  }
}
markErrorClass(EngineDisposedError, 'backlot.EngineDisposedError')
