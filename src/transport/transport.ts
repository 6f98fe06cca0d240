import type { RunRecord, RunStatus } from '../model/run-record.js'
import type { CronInfo, CronInput } from '../model/cron-types.js'
import type { AnyTask } from '../sdk/task-types.js'
import type { TriggerOptions } from '../sdk/types.js'

/** Filters for listing runs. */
export interface RunFilter {
  taskId?: string
  status?: RunStatus | RunStatus[]
  parentId?: string
  limit?: number
}

/**
 * The seam between the SDK and an engine. `memory` talks to an in-process engine;
 * `http` talks to a platform over the signed protocol (docs/protocol.md).
 */
export interface Transport {
  readonly kind: string
  trigger(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<{ id: string }>
  batchTrigger(task: AnyTask, items: { payload: unknown; options?: TriggerOptions }[]): Promise<{ id: string }[]>
  getRun(runId: string): Promise<RunRecord>
  listRuns(filter?: RunFilter): Promise<RunRecord[]>
  /** Resolves with the record once the run has ended (completed, failed or cancelled). */
  waitForRun(runId: string): Promise<RunRecord>
  cancelRun(runId: string): Promise<RunRecord>
  createCron(input: CronInput): Promise<CronInfo>
  listCrons(): Promise<CronInfo[]>
  deleteCron(name: string): Promise<void>
}
