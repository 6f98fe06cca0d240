/**
 * @module backlot — define durable background tasks, trigger them, and run them in memory,
 * in the dev server, or against a platform over HTTP, with the same code.
 */

import { registerEmbeddedTransport } from './sdk/config.js'
import { lazyTransport } from './transport/lazy-transport.js'

// Defining tasks
export { task, defineTask } from './sdk/task.js'
export { cron } from './sdk/cron.js'

// Starting, inspecting and cancelling runs; crons
export { configure, resetConfiguration, getTransport } from './sdk/config.js'
export { getTask, cancelTask, createCron, listCrons, deleteCron } from './sdk/client.js'

// Durations, JSON and their documented maxima
export { parseDuration } from './model/duration.js'
export { MAX_WAIT_MS } from './model/time-limits.js'
export { MAX_JSON_DEPTH } from './model/json.js'

// Errors
export {
  BacklotError,
  isBacklotError,
  NonRetriableError,
  RetryAfterError,
  TimeoutError,
  ValidationError,
  SerializationError,
  UnknownTaskError,
  DuplicateTaskError,
  RunNotFoundError,
  TaskRunFailedError,
  TaskRunCancelledError,
  RunCancelledError,
  EngineDisposedError,
  serializeError,
  deserializeError,
} from './errors/index.js'

// Serving tasks to the platform (platform → app execution protocol, docs/protocol.md, "Platform → app")
export { serve } from './serve/serve.js'
export { SignatureError, AppRequestError } from './errors/index.js'
export { SIGNATURE_HEADER } from './protocol/signing.js'

// Talking to a platform (app → platform API, docs/protocol.md)
export { createHttpTransport } from './transport/http/http-transport.js'
export { AuthenticationError, PlatformError } from './transport/http/http-errors.js'

// The package entry's one side effect: with nothing configured, runs go to an in-process engine
// on the real clock, loaded on the first trigger (never by defining or serving a task). Hosts,
// engines, clocks, the runner and the wire schemas are in 'backlot/host'.
registerEmbeddedTransport(() => lazyTransport('memory', () => import('./transport/default-transport.js').then((m) => m.createDefaultTransport())))

export type { Task, AnyTask, TaskPayload, TaskResult, BatchItem } from './sdk/task-types.js'
export type { TaskConfig, SchemaTaskConfig } from './sdk/task.js'
export type { CronOptions } from './sdk/cron.js'
export type { ClientConfig, ConfigureOptions } from './sdk/config.js'
export type { Duration } from './model/duration.js'
export type { Jsonified } from './model/json.js'
export type {
  TaskContext,
  TaskOptions,
  RetryOptions,
  TriggerOptions,
  RunHandle,
  RunInfo,
  Logger,
  StepTools,
  StepOptions,
  PayloadSchema,
} from './sdk/types.js'
export type { RetryPolicy } from './sdk/retry-options.js'
export type { RunRecord, RunStatus, StepSummary, RunLog, WaitingFor } from './model/run-record.js'
export type { RunEvent, RunEventType } from './model/events.js'
export type { CronInfo, CronInput } from './model/cron-types.js'
export type { Transport, RunFilter } from './transport/transport.js'
export type { SerializedError } from './errors/serialized-error.js'
export type { ServeOptions } from './serve/serve-options.js'
export type { ServeHandlers, ServeHandler } from './serve/serve.js'
export type { SignatureErrorCode, AppRequestErrorCode } from './errors/index.js'
export type { HttpTransport, HttpTransportOptions } from './transport/http/http-transport.js'
export type { HttpRetryOptions } from './transport/http/http-client.js'
