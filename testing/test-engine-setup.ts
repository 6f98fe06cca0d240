import { inlineExecutor, type Executor } from '../src/engine/executor.js'
import { ValidationError } from '../src/errors/input-errors.js'
import type { RunnerOptions } from '../src/runner/invocation.js'
import type { TestEngineOptions } from './test-engine-options.js'

/** The one runner (inline), keeping the step keys each run's latest invocation reached, for histories. */
export function recordingExecutor(options: Omit<RunnerOptions, 'signal' | 'control'>, orders: Map<string, string[]>): Executor {
  const inline = inlineExecutor(options)
  // then(), not an async function: the same turns, one promise fewer an invocation.
  return {
    execute: (task, request, abort) =>
      inline.execute(task, request, abort).then((outcome) => {
        orders.set(request.runId, outcome.order)
        return outcome
      }),
  }
}

/** The test engine's start time in epoch ms. Default 2026-01-01T00:00:00Z. */
export function startTime(now: TestEngineOptions['now']): number {
  if (now === undefined) return Date.UTC(2026, 0, 1)
  const t = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now)
  if (!Number.isFinite(t)) throw new ValidationError('INVALID_TIME', `Failed to create a test engine: now is ${JSON.stringify(now)}, not a valid date. Pass a Date, an ISO string or epoch milliseconds.`)
  return t
}
