import type { SerializedError } from '../errors/serialized-error.js'

/** How a step was made: `step.run`, `step.sleep(Until)`, a child trigger, or a durable wait on a child. */
export type StepKind = 'run' | 'sleep' | 'trigger' | 'wait'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** The failure of an attempt, with what the engine should do next. */
export interface AttemptError extends SerializedError {
  /** False for NonRetriableError and invalid payloads. */
  retriable: boolean
  /** Set by RetryAfterError: the earliest time (epoch ms) of the next attempt. */
  retryAt?: number
}
