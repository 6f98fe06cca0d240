import type { Duration } from '../model/duration.js'
import type { Jsonified } from '../model/json.js'
import type { LogLevel } from '../runner/types.js'

/** How failed attempts are retried. Formulas in docs/retries.md. */
export interface RetryOptions {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number
  /** `exponential` (default): min·factor^(n−1); `linear`: min·n; `fixed`: min. n is the retry number, from 1. */
  backoff?: 'exponential' | 'linear' | 'fixed'
  /** Delay before the first retry. Default '1s'. */
  minDelay?: Duration
  /** Cap on any delay. Default '1h'. */
  maxDelay?: Duration
  /** Growth of exponential backoff. Default 2. */
  factor?: number
  /** Spread each delay uniformly by ±jitter (a fraction, 0–1) from a seeded source. Default 0. */
  jitter?: number
}

/** A schema backlot can check payloads with: zod, or anything with the same `safeParse`. */
export interface PayloadSchema<Out = unknown, In = Out> {
  safeParse(value: unknown): { success: true; data: Out } | { success: false; error: unknown }
  /** Type-only: lets `task()` infer the payload type from the schema. */
  readonly _input?: In
  readonly _output?: Out
}

export interface TaskOptions {
  /** seed 000 style. */
  retry?: RetryOptions
  /** seed 002 style: retries after the first attempt (`retries: 2` = 3 attempts). */
  retries?: number
  /** Per-attempt time limit. */
  timeout?: Duration
  /** Most attempts of this task running at once; the rest wait in FIFO order. */
  concurrency?: number
}

export interface RunInfo {
  id: string
  taskId: string
  attempt: number
  parentId?: string
  createdAt: Date
  /** For cron runs: the firing time this run stands for. */
  scheduledAt?: Date
}

/** `ctx.log(message)` and its levelled variants. */
export interface Logger {
  (message: string, data?: unknown): void
  debug(message: string, data?: unknown): void
  info(message: string, data?: unknown): void
  warn(message: string, data?: unknown): void
  error(message: string, data?: unknown): void
}

export interface StepTools {
  /**
   * Runs `fn` once; its JSON result is journaled and returned on later invocations, settling in
   * the order the steps first completed (a `Promise.race` keeps its winner). A failure the
   * handler catches is journaled too and thrown again, as the same error, on later invocations;
   * a failure that ends the attempt is not, so the retry runs `fn` again.
   */
  run<T>(name: string, fn: () => T | Promise<T>, options?: StepOptions): Promise<Jsonified<Awaited<T>>>
  /**
   * Suspends the run for a duration on the engine's clock. The run still ends when the handler
   * returns: a sleep it did not await is then recorded as abandoned.
   */
  sleep(name: string, duration: Duration): Promise<void>
  /** Suspends the run until a time on the engine's clock. */
  sleepUntil(name: string, until: Date | string | number): Promise<void>
}

/** Options of one `step.run`. */
export interface StepOptions {
  /**
   * Tries `fn` again, at once and within the same invocation, up to this many times when it
   * throws (0 to 10, default 0); every failed try is recorded. Errors that would fail the same
   * way again (NonRetriableError, a result JSON cannot carry) are not retried. Retries with a
   * delay are the task's retry policy: the failure ends the attempt and the next one runs the
   * step again.
   */
  retries?: number
}

/** The second argument of `run` (seed 000) and the first of a handler (seed 002). */
export interface TaskContext {
  step: StepTools
  log: Logger
  /** Requests a child run; dispatched when this invocation ends without error (seed 002 fan-out). */
  task(taskId: string, payload?: unknown): Promise<void>
  run: RunInfo
  runId: string
  attempt: number
  /** Aborted when the attempt times out or the run is cancelled. */
  signal: AbortSignal
}

export interface TriggerOptions {
  /** Start after a duration, or at a Date. */
  delay?: Duration | Date
  /** A live key returns the run it first created instead of a new one. */
  idempotencyKey?: string
  /** How long the key stays live. Default '24h'. */
  idempotencyKeyTTL?: Duration
}

/** What `trigger()` gives back. */
export interface RunHandle<R = unknown> {
  id: string
  taskId: string
  /** Resolves with the run's result; throws TaskRunFailedError / TaskRunCancelledError. */
  waitForCompletion(): Promise<Jsonified<R>>
}

export type { LogLevel }
