import type { CronInfo, CronInput } from '../model/cron-types.js'
import type { RunRecord } from '../model/run-record.js'
import { transportFor, type ClientConfig } from './config.js'

/**
 * The status record of a run (seed 000's shape, extended with taskId, payload, error,
 * attempts, parentId, children, steps, logs and what it waits for).
 *
 * @example
 * const status = await getTask(config, handle.id)
 * console.log(status.status, status.result)
 */
export function getTask<R = unknown>(config: ClientConfig | undefined, runId: string): Promise<RunRecord<R>> {
  return transportFor(config).getRun(runId) as Promise<RunRecord<R>>
}

/**
 * Cancels a run and its unfinished children. Cancelling an ended run changes nothing.
 *
 * @example
 * await cancelTask(config, taskRunId)
 */
export function cancelTask(config: ClientConfig | undefined, runId: string): Promise<RunRecord> {
  return transportFor(config).cancelRun(runId)
}

/**
 * Creates (or updates, by name) a cron. Each firing runs the task whose id is `name`, or `taskId`.
 *
 * @example
 * await createCron(config, { name: 'daily-report', cron: '0 9 * * *', callbackUrl: 'https://myapp.com/api/tasks', payload: { type: 'daily' } })
 */
export function createCron(config: ClientConfig | undefined, input: CronInput): Promise<CronInfo> {
  return transportFor(config).createCron(input)
}

/**
 * Lists declared and created crons with their next firing.
 *
 * @example
 * const crons = await listCrons(config)
 */
export function listCrons(config?: ClientConfig): Promise<CronInfo[]> {
  return transportFor(config).listCrons()
}

/**
 * Deletes a created cron by name.
 *
 * @example
 * await deleteCron(config, 'hourly-cleanup')
 */
export function deleteCron(config: ClientConfig | undefined, name: string): Promise<void> {
  return transportFor(config).deleteCron(name)
}
