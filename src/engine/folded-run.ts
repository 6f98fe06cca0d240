import type { SerializedError } from '../errors/serialized-error.js'
import type { RunEvent } from '../model/events.js'
import type { RunLog, RunStatus } from '../model/run-record.js'
import { canRebuild, rebuildLog } from './ended-log.js'
import type { RunState, StepState } from './run-types.js'

/**
 * The engine's `RunState`. Every field is present from the start, so all runs share one hidden
 * class with in-object fields: smaller retained runs and faster property access than fields
 * added on the way. The event log of an ended run is dropped when the state can rebuild it
 * (`compact`, ended-log.ts) and made again, once, by the first read of `events`.
 */
export class FoldedRun implements RunState {
  id: string
  taskId: string
  status: RunStatus = 'pending'
  createdAt: number
  startedAt: number | undefined = undefined
  completedAt: number | undefined = undefined
  payload: unknown
  result: unknown = undefined
  error: SerializedError | undefined = undefined
  attempt = 0
  suspended: boolean | undefined = undefined
  settled = 0
  parentId: string | undefined
  spawnKey: string | undefined
  idempotencyKey: string | undefined
  delayUntil: number | undefined
  retryAt: number | undefined = undefined
  blocked: 'concurrency' | undefined = undefined
  scheduledAt: number | undefined
  cron: string | undefined
  children: string[] | undefined = undefined
  dispatched: string[] | undefined = undefined
  steps: StepState[] | undefined = undefined
  stepIndex: Map<string, StepState> | undefined = undefined
  waitsOn: Map<string, StepState> | undefined = undefined
  logs: RunLog[] | undefined = undefined
  order = 0
  listedIn = 0
  private log: RunEvent[] | undefined = []

  constructor(e: Extract<RunEvent, { type: 'run.triggered' }>) {
    this.id = e.runId
    this.taskId = e.taskId
    this.createdAt = e.at
    this.payload = e.payload
    this.parentId = e.parentId
    this.spawnKey = e.spawnKey
    this.idempotencyKey = e.idempotencyKey
    this.delayUntil = e.delayUntil
    this.scheduledAt = e.scheduledAt
    this.cron = e.cron
  }

  get events(): RunEvent[] {
    return (this.log ??= rebuildLog(this))
  }

  set events(events: RunEvent[]) {
    this.log = events
  }

  /** Drops the log of an ended run if the state can rebuild it. */
  compact(): void {
    if (this.log && canRebuild(this, this.log)) this.log = undefined
  }
}
