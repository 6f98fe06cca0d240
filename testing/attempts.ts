import type { RunEvent } from '../src/model/events.js'
import type { SerializedError } from '../src/errors/serialized-error.js'

/**
 * One attempt of a run, as its events tell it.
 *
 * @example
 * expect(engine.attempts(run)[0]).toMatchObject({ status: 'failed', error: { message: 'card declined' } })
 */
export interface AttemptSummary {
  attempt: number
  /** ISO time the attempt first started. */
  startedAt: string
  /** ISO time it failed or the run ended; null while it still runs or sleeps. */
  endedAt: string | null
  status: 'running' | 'completed' | 'failed' | 'cancelled'
  error?: SerializedError
  /** When the next attempt was scheduled, for a failed attempt that is retried. */
  retryAt?: string
  /** Times this attempt was resumed after a sleep or a child's end. */
  resumes: number
}

/**
 * Folds a run's events into its attempts, with each failed attempt's error.
 *
 * @example
 * const [first, second] = attemptsOf(engine.events(run))
 * expect(first.error?.message).toBe('card declined')
 */
export function attemptsOf(events: readonly RunEvent[]): AttemptSummary[] {
  const out: AttemptSummary[] = []
  const iso = (ms: number) => new Date(ms).toISOString()
  for (const e of events) {
    const current = out[out.length - 1]
    if (e.type === 'attempt.started') {
      if (e.resumed && current?.attempt === e.attempt) current.resumes++
      else out.push({ attempt: e.attempt, startedAt: iso(e.at), endedAt: null, status: 'running', resumes: 0 })
    } else if (!current || current.status !== 'running') {
      continue
    } else if (e.type === 'attempt.failed') {
      current.status = 'failed'
      current.endedAt = iso(e.at)
      const { retriable: _r, retryAt: _t, ...error } = e.error
      current.error = error
      if (e.retryAt !== null) current.retryAt = iso(e.retryAt)
    } else if (e.type === 'run.completed') {
      current.status = 'completed'
      current.endedAt = iso(e.at)
    } else if (e.type === 'run.cancelled') {
      current.status = 'cancelled'
      current.endedAt = iso(e.at)
    }
  }
  return out
}
