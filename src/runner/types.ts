import type { SerializedError } from '../errors/serialized-error.js'

import type { AttemptError, LogLevel, StepKind } from '../model/step-types.js'

export type { AttemptError, LogLevel, StepKind }

/** What the journal holds for one step key when the handler is invoked again. */
export interface JournalStep {
  key: string
  kind: StepKind
  /** `waiting`: a sleep not yet due, or a child not yet ended. */
  status: 'completed' | 'failed' | 'waiting'
  result?: unknown
  error?: SerializedError
  /** Wake time (epoch ms) of a sleep. */
  until?: number
  childId?: string
  /**
   * When the step settled, relative to the run's other steps (larger is later). Replay settles
   * journaled steps in this order, so a `Promise.race` keeps its winner. Absent in journals
   * written before it existed: such entries settle in the order the handler asks for them.
   */
  seq?: number
}

/** One invocation of a task's handler: everything the runner needs, all of it JSON. */
export interface ExecutionRequest {
  runId: string
  taskId: string
  /** 1-based attempt number; it grows only when an attempt fails. */
  attempt: number
  payload: unknown
  journal: JournalStep[]
  /** Keys of `ctx.task()` children already dispatched by an earlier invocation. */
  dispatched: string[]
  createdAt: number
  parentId?: string
  scheduledAt?: number
}

/** A step that ran (or failed) during this invocation. */
export interface StepAttemptRecord {
  key: string
  name: string
  kind: StepKind
  status: 'completed' | 'failed'
  result?: unknown
  error?: SerializedError
  startedAt: number
  endedAt: number
}

/** What a suspended invocation waits for. */
export type Wait =
  | { key: string; kind: 'sleep'; until: number; /** The name given to step.sleep, when it differs from the key (`nap` for `nap#2`). */ name?: string }
  | { key: string; kind: 'child'; childId: string }

/** A child run the invocation asks for. */
export interface SpawnRequest {
  key: string
  runId: string
  taskId: string
  payload: unknown
  /** `ctx.task` (dispatched only if the invocation ends without error), `trigger` or `triggerAndWait`. */
  via: 'ctx.task' | 'trigger' | 'triggerAndWait'
  delayMs?: number
  delayUntil?: number
  idempotencyKey?: string
}

export interface LogEntry {
  level: LogLevel
  message: string
  at: number
  data?: unknown
}

/** A step or wait the handler left pending when it returned: not awaited, recorded as abandoned. */
export interface AbandonedStep {
  key: string
  name: string
  kind: StepKind
}

/** How one invocation ended. The engine turns it into events. */
export interface ExecutionOutcome {
  status: 'completed' | 'suspended' | 'failed'
  result?: unknown
  error?: AttemptError
  steps: StepAttemptRecord[]
  waits: Wait[]
  spawns: SpawnRequest[]
  logs: LogEntry[]
  /** Every step key the handler reached, in order: what replay compares to catch non-determinism. */
  order: string[]
  /** Steps still executing and waits not yet over when the handler returned or threw. */
  abandoned?: AbandonedStep[]
}
