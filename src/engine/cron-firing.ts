import { UnknownTaskError } from '../errors/input-errors.js'
import { serializeError } from '../errors/serialize.js'
import type { CronInfo } from '../model/cron-types.js'
import type { RunHost } from './run-host.js'

/**
 * One firing of a cron at its scheduled time: a run of its task with the cron's payload. A
 * firing that cannot start (its task is missing, or rejects the payload) still leaves a visible
 * run, failed at once with the reason, instead of vanishing inside a timer callback.
 */
export function fireCron(host: RunHost, cron: Omit<CronInfo, 'nextRunAt'>, scheduledAt: number): void {
  const task = host.findTask(cron.taskId)
  let error: unknown
  if (task) {
    try {
      host.trigger(task, cron.payload, {}, { scheduledAt, cron: cron.name })
      return
    } catch (e) {
      error = e // a timer callback must not throw: the firing is recorded as failed below
    }
  }
  const policy = task ?? { id: cron.taskId, retry: { maxAttempts: 1, backoff: 'fixed' as const, minDelayMs: 0, maxDelayMs: 0, factor: 1, jitter: 0 } }
  const run = host.trigger(policy, cron.payload, {}, { scheduledAt, cron: cron.name, delayUntil: Number.MAX_SAFE_INTEGER, unchecked: true })
  host.append(run, { type: 'run.failed', runId: run.id, at: host.clock.now(), error: serializeError(error ?? new UnknownTaskError(cron.taskId, host.taskIds())) })
}
