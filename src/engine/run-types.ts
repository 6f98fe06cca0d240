import type { SerializedError } from '../errors/serialized-error.js'
import type { StepKind } from '../runner/types.js'
import type { RunEvent } from '../model/events.js'
import type { RunLog, RunStatus, StepSummary } from '../model/run-record.js'

export interface StepState {
  key: string
  name: string
  kind: StepKind
  status: StepSummary['status']
  result?: unknown
  error?: SerializedError
  /** When it settled among the run's steps (RunState.settled at the time): replay keeps this order. */
  seq?: number
  /**
   * Of a failed step: `fresh` (a child's failure no invocation has gone past yet, journaled),
   * `caught` (an invocation went on past it: journaled for good) or `dropped` (it ended an
   * attempt: not journaled, so the retry runs the step or starts a new child).
   */
  failure?: 'fresh' | 'caught' | 'dropped'
  attempts: { attempt: number; status: 'completed' | 'failed'; startedAt: number; endedAt: number; error?: SerializedError }[]
  startedAt: number
  completedAt?: number
  until?: number
  childId?: string
}

/**
 * A run as folded from its event log. Optional fields stay absent until used, so a small
 * completed run stays small in memory.
 */
export interface RunState {
  id: string
  taskId: string
  status: RunStatus
  events: RunEvent[]
  createdAt: number
  startedAt?: number
  completedAt?: number
  payload: unknown
  result?: unknown
  error?: SerializedError
  /** The current (latest started) attempt number; 0 before the first. */
  attempt: number
  /** True while suspended on a sleep or a child. */
  suspended?: boolean
  /** Steps settled so far (completed, failed, woken, child ended): the next one's `seq` is this plus one. */
  settled: number
  parentId?: string
  spawnKey?: string
  idempotencyKey?: string
  delayUntil?: number
  retryAt?: number
  blocked?: 'concurrency'
  scheduledAt?: number
  cron?: string
  children?: string[]
  /** Keys of ctx.task() children already dispatched. */
  dispatched?: string[]
  steps?: StepState[]
  stepIndex?: Map<string, StepState>
  /** The wait step for each child the run waits on: a child's end finds its step without a scan. */
  waitsOn?: Map<string, StepState>
  logs?: RunLog[]
  /** @internal Creation order in the engine holding the run (status-index.ts). */
  order: number
  /** @internal Which status lists of the engine hold an entry for the run (status-index.ts). */
  listedIn: number
}

/** Read-only all the way down: what code outside the engine may do with its state. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends Map<infer K, infer V>
    ? ReadonlyMap<K, DeepReadonly<V>>
    : T extends object
      ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
      : T

/**
 * A run as code outside the engine reads it without copying it (listing a million runs, a
 * dashboard's table): the engine's state, read-only, and only as of now. For a snapshot that
 * stays as it is, take a `RunRecord` (`engine.getRun`).
 */
export interface ReadonlyRun extends DeepReadonly<Omit<RunState, 'stepIndex' | 'waitsOn' | 'order' | 'listedIn'>> {}
