import { ValidationError } from '../errors/input-errors.js'
import type { ExecutionOutcome } from '../runner/types.js'
import { MAX_WAIT_MS } from '../model/time-limits.js'

/**
 * Why the engine refuses the times an outcome asks for (a sleep, a child's delay, a retry more
 * than `MAX_WAIT_MS` away), or undefined. The runner checks them where they are written; this is
 * the engine's own check, for outcomes that come over HTTP from an app.
 */
export function rejectOutcomeTimes(outcome: ExecutionOutcome, runId: string, now: number): ValidationError | undefined {
  const limit = now + MAX_WAIT_MS
  for (const wait of outcome.waits) {
    if (wait.kind === 'sleep' && wait.until > limit) return tooFar(`the sleep "${wait.key}" of run "${runId}"`, wait.until, now)
  }
  for (const spawn of outcome.spawns) {
    if (spawn.delayUntil !== undefined && spawn.delayUntil > limit) return tooFar(`the delay of child run "${spawn.runId}" (task "${spawn.taskId}")`, spawn.delayUntil, now)
  }
  const retryAt = outcome.error?.retryAt
  if (retryAt !== undefined && retryAt > limit) {
    return tooFar(`the retry of run "${runId}" after "${outcome.error!.message}"`, retryAt, now)
  }
  return undefined
}

function tooFar(what: string, at: number, now: number): ValidationError {
  const when = Number.isFinite(at) && Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : `${at} (epoch ms)`
  return new ValidationError(
    'INVALID_DURATION',
    `Failed to schedule ${what}: it asks for ${when}, more than 365 days (${MAX_WAIT_MS} ms) after now (${new Date(now).toISOString()}). Wait at most 365 days.`,
  )
}
