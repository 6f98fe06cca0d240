import type { SerializedError } from '../errors/serialized-error.js'
import type { LogLevel, StepKind } from './step-types.js'

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled'

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled']

export function isTerminal(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled'
}

/** What a pending or suspended run waits for, and until when. */
export interface WaitingFor {
  kind: 'delay' | 'retry' | 'concurrency' | 'sleep' | 'child' | 'queue'
  /** ISO time, for delay / retry / sleep. */
  until?: string
  /** The step key of a sleep or child wait. */
  step?: string
  childId?: string
}

export interface StepAttemptSummary {
  attempt: number
  status: 'completed' | 'failed'
  startedAt: string
  endedAt: string
  error?: SerializedError
}

export interface StepSummary {
  key: string
  name: string
  kind: StepKind
  /** `abandoned`: still executing or waiting when the handler returned; never awaited. */
  status: 'completed' | 'failed' | 'sleeping' | 'waiting' | 'abandoned'
  result?: unknown
  error?: SerializedError
  attempts: StepAttemptSummary[]
  startedAt: string
  completedAt: string | null
  until?: string
  childId?: string
}

export interface RunLog {
  level: LogLevel
  message: string
  at: string
  attempt: number
  data?: unknown
}

/**
 * The status record of a run, as `getTask` returns it: the seed's shape (id, status,
 * createdAt, startedAt, completedAt, result) extended as DESIGN.md says. Derived from the run's event log.
 */
export interface RunRecord<R = unknown> {
  id: string
  taskId: string
  status: RunStatus
  createdAt: string
  startedAt: string | null
  completedAt: string | null
  result?: R
  payload: unknown
  error: SerializedError | null
  /** Attempts started so far. */
  attempts: number
  parentId: string | null
  children: string[]
  steps: StepSummary[]
  logs: RunLog[]
  waitingFor: WaitingFor | null
  idempotencyKey?: string
  /** For cron runs: the firing time and the cron's name. */
  scheduledAt?: string
  cron?: string
}
