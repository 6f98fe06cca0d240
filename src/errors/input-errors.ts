import { BacklotError } from './backlot-error.js'
import { markErrorClass } from './error-marker.js'

/**
 * A value given to backlot is not valid: a duration, a cron expression, a timezone, a payload,
 * a step name. The message names the bad value and how to fix it.
 *
 * @example
 * expect(() => parseDuration('soon')).toThrow(ValidationError)
 */
export class ValidationError extends BacklotError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
markErrorClass(ValidationError, 'backlot.ValidationError')

/** A payload or step result that JSON cannot carry (BigInt, function, symbol, cycle). */
export class SerializationError extends BacklotError {
  constructor(message: string) {
    super('NOT_SERIALIZABLE', message)
  }
}
markErrorClass(SerializationError, 'backlot.SerializationError')

/** No task with this id is registered where the run was requested. */
export class UnknownTaskError extends BacklotError {
  readonly taskId: string

  constructor(taskId: string, known: readonly string[]) {
    const list = known.length ? known.map((id) => `"${id}"`).join(', ') : 'none'
    super(
      'UNKNOWN_TASK',
      `Failed to find task "${taskId}": no task with this id is registered (registered: ${list}). ` +
        'Pass the task to the engine (e.g. createTestEngine({ tasks: [...] }) or serve({ tasks: [...] })) or fix the id.',
    )
    this.taskId = taskId
  }
}
markErrorClass(UnknownTaskError, 'backlot.UnknownTaskError')

/** Two different task definitions use the same id in one engine (or in one process, for the embedded engine). */
export class DuplicateTaskError extends BacklotError {
  readonly taskId: string

  /** `sites`: where the two definitions are (`path:line`), when known. */
  constructor(taskId: string, sites?: readonly [string, string]) {
    const where = sites ? ` (defined at ${sites[0]} and again at ${sites[1]})` : ''
    super(
      'DUPLICATE_TASK',
      `Failed to register task "${taskId}": another task with the same id is already registered${where}. Give each task a unique id.`,
    )
    this.taskId = taskId
  }
}
markErrorClass(DuplicateTaskError, 'backlot.DuplicateTaskError')

/** No run with this id exists. */
export class RunNotFoundError extends BacklotError {
  readonly runId: string

  constructor(runId: string) {
    super('RUN_NOT_FOUND', `Failed to find run "${runId}": no run with this id exists. Check the id returned by trigger().`)
    this.runId = runId
  }
}
markErrorClass(RunNotFoundError, 'backlot.RunNotFoundError')
