import { getTask, type RunEvent, type RunRecord } from 'backlot'

/** A promise the test resolves by hand: a gate a handler waits at. */
export interface Deferred<T = void> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Resolves with `value` after `turns` microtask turns: work that finishes later than a plain step, without real time. */
export async function afterTurns<T>(turns: number, value: T): Promise<T> {
  for (let i = 0; i < turns; i++) await null
  return value
}

/** The public status record, as `getTask` returns it (no config: the configured transport). */
export function record<R = unknown>(runId: string): Promise<RunRecord<R>> {
  return getTask<R>(undefined, runId)
}

/** Epoch ms of each attempt's start, from the event log. */
export function attemptStarts(events: readonly RunEvent[]): number[] {
  return events.filter((e) => e.type === 'attempt.started' && e.resumed !== true).map((e) => e.at)
}

/** The gaps between consecutive values. */
export function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!)
}

export const START = Date.UTC(2026, 0, 1)

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

export const SECOND = 1_000
export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
