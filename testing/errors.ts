import { BacklotError } from '../src/errors/backlot-error.js'
import { markErrorClass } from '../src/errors/error-marker.js'

/**
 * A test kit call was given something it cannot use: an unknown run, a bad step modifier,
 * a history that is not a backlot history.
 *
 * @example
 * expect(() => engine.run('run_nope')).toThrow(TestKitError)
 */
export class TestKitError extends BacklotError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
markErrorClass(TestKitError, 'backlot.TestKitError')

/**
 * Replaying a history reached different steps than the history recorded: the handler is not
 * deterministic (a step was renamed, reordered, added before a completed one, or removed).
 * `diff` shows the step keys side by side.
 *
 * @example
 * const result = await replay(checkout, history)
 * if (!result.ok) throw new NonDeterminismError(result.runId, result.taskId, result.diff)
 */
export class NonDeterminismError extends BacklotError {
  readonly runId: string
  readonly taskId: string
  readonly diff: string

  constructor(runId: string, taskId: string, diff: string) {
    super(
      'NON_DETERMINISTIC',
      `Failed to replay run "${runId}" of task "${taskId}": the handler reached different steps than its history.\n${diff}\n` +
        'Keep step names and their order stable for runs already in flight, or version the task (a new id) for the new behaviour.',
    )
    this.runId = runId
    this.taskId = taskId
    this.diff = diff
  }
}
markErrorClass(NonDeterminismError, 'backlot.NonDeterminismError')
