import type { RunRecord, RunStatus } from '../src/model/run-record.js'
import type { ReadonlyRun } from '../src/engine/run-types.js'
import { toRunRecord } from '../src/engine/to-record.js'
import type { AnyTask } from '../src/sdk/task-types.js'

/**
 * Which runs `engine.runs()` lists.
 *
 * @example
 * engine.runs({ task: sendEmail, status: ['failed', 'cancelled'] })
 */
export interface TestRunFilter {
  task?: AnyTask | string
  status?: RunStatus | RunStatus[]
  parentId?: string
  /** Runs fired by this cron. */
  cron?: string
}

/** The records of the runs that pass the filter, in creation order. */
export function filterRuns(runs: Iterable<ReadonlyRun>, filter: TestRunFilter): RunRecord[] {
  const taskId = typeof filter.task === 'string' ? filter.task : filter.task?.id
  const statuses = filter.status === undefined ? undefined : ([] as RunStatus[]).concat(filter.status)
  const out: RunRecord[] = []
  for (const run of runs) {
    if (taskId !== undefined && run.taskId !== taskId) continue
    if (statuses && !statuses.includes(run.status)) continue
    if (filter.parentId !== undefined && run.parentId !== filter.parentId) continue
    if (filter.cron !== undefined && run.cron !== filter.cron) continue
    out.push(toRunRecord(run))
  }
  return out
}
