import type { SerializedError } from '../errors/serialized-error.js'
import type { AttemptError, LogLevel, StepKind } from './step-types.js'
import type { RunStatus } from './run-record.js'

interface Base {
  runId: string
  /** Engine clock time, epoch ms. */
  at: number
}

/**
 * Every state change of a run is one of these, appended to that run's log. The run record
 * is derived from the log (run-state.ts); the dev server journals it; a test replays it.
 */
export type RunEvent =
  | (Base & {
      type: 'run.triggered'
      taskId: string
      payload: unknown
      parentId?: string
      /** The parent's step key that asked for this child. */
      spawnKey?: string
      idempotencyKey?: string
      delayUntil?: number
      scheduledAt?: number
      cron?: string
    })
  | (Base & { type: 'run.waiting'; for: 'concurrency' })
  | (Base & { type: 'attempt.started'; attempt: number; resumed?: true })
  | (Base & { type: 'step.completed'; attempt: number; key: string; name: string; kind: StepKind; result?: unknown; startedAt: number })
  /**
   * A step failed. `caught`: the invocation went on past the failure (suspended or completed),
   * so it is journaled and replays as the same error. Without it, the failure ended the attempt
   * and the retry runs the step again (or, for a `wait`, starts a new child).
   */
  | (Base & { type: 'step.failed'; attempt: number; key: string; name: string; kind: StepKind; error: SerializedError; startedAt: number; caught?: true })
  /** The handler returned (or the run failed) while this step was executing or this wait was not over. */
  | (Base & { type: 'step.abandoned'; key: string; name: string; kind: StepKind })
  | (Base & { type: 'sleep.started'; key: string; until: number; name?: string })
  | (Base & { type: 'sleep.completed'; key: string })
  | (Base & { type: 'child.spawned'; key: string; childId: string; taskId: string; via: 'ctx.task' | 'trigger' | 'triggerAndWait' })
  | (Base & { type: 'child.waiting'; key: string; childId: string })
  | (Base & { type: 'child.ended'; key: string; childId: string; status: RunStatus; result?: unknown; error?: SerializedError })
  | (Base & { type: 'log'; attempt: number; level: LogLevel; message: string; data?: unknown })
  | (Base & { type: 'attempt.suspended'; attempt: number })
  | (Base & { type: 'attempt.failed'; attempt: number; error: AttemptError; retryAt: number | null })
  | (Base & { type: 'run.completed'; result?: unknown })
  | (Base & { type: 'run.failed'; error: SerializedError })
  | (Base & { type: 'run.cancelled'; reason?: string })

export type RunEventType = RunEvent['type']
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>
