/**
 * @module backlot — define durable background tasks, trigger them, and run them in memory,
 * in the dev server, or against a platform over HTTP, with the same code.
 */

// Defining tasks
export { task, defineTask } from './sdk/task.js'
export { cron } from './sdk/cron.js'

// Starting, inspecting and cancelling runs; crons
export { configure, resetConfiguration, getTransport } from './sdk/config.js'
export { getTask, cancelTask, createCron, listCrons, deleteCron } from './sdk/client.js'

// Durations and JSON
export { parseDuration } from './sdk/duration.js'

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
  serializeError,
  deserializeError,
} from './errors/index.js'

// Serving tasks to the platform (platform → app execution protocol, docs/protocol.md, "Platform → app")
export { serve } from './serve/serve.js'
export { signRequest, verifySignature, computeSignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './protocol/signing.js'
export { ReplayCache } from './protocol/replay-cache.js'
export { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from './protocol/version.js'
export { SignatureError, AppRequestError } from './errors/index.js'
export { httpExecutor } from './engine/http-executor.js'
export { remoteTaskPolicy } from './engine/remote-task.js'
export { connectApp } from './engine/connect-app.js'
export { ExecutionRequestBodySchema, ExecutionResponseBodySchema, ExecutionErrorBodySchema } from './protocol/execution.js'
export { ManifestSchema, ManifestTaskSchema } from './protocol/manifest.js'

// Talking to a platform (app → platform API, docs/protocol.md)
export { createHttpTransport } from './transport/http/http-transport.js'
export { AuthenticationError, PlatformError } from './transport/http/http-errors.js'
export { createPlatformApi } from './platform/create-platform-api.js'
export {
  API_VERSION,
  API_PREFIX,
  API_HEADERS,
  ErrorBodySchema,
  RunRecordSchema,
  RunEventSchema,
  TriggerRequestSchema,
  TriggerResponseSchema,
  BatchTriggerRequestSchema,
  BatchTriggerResponseSchema,
  ListRunsQuerySchema,
  ListRunsResponseSchema,
  CancelRequestSchema,
  CronInputSchema,
  CronInfoSchema,
  ListCronsResponseSchema,
  formatSse,
  parseSse,
} from './protocol/api.js'

// Engine, clocks and transports (for hosts, test kits and the dev server)
export { Engine } from './engine/engine.js'
export { VirtualClock } from './clock/virtual-clock.js'
export { systemClock } from './clock/system-clock.js'
export { memoryTransport } from './transport/memory-transport.js'
export { executeRun } from './runner/execute-run.js'
export { inlineExecutor } from './engine/executor.js'
export { toRunRecord } from './engine/to-record.js'
export { foldEvents } from './engine/run-state.js'
export { MemoryRunStore } from './store/memory-run-store.js'
export { StoreError } from './store/store-errors.js'
export { DEFAULT_RETRY } from './sdk/retry-options.js'

export type { Task, AnyTask, TaskPayload, TaskResult, BatchItem, TaskConfig, SchemaTaskConfig } from './sdk/task.js'
export type { CronOptions } from './sdk/cron.js'
export type { ClientConfig, ConfigureOptions } from './sdk/config.js'
export type { Duration } from './sdk/duration.js'
export type { Jsonified } from './sdk/json.js'
export type {
  TaskContext,
  TaskOptions,
  RetryOptions,
  TriggerOptions,
  RunHandle,
  RunInfo,
  Logger,
  StepTools,
  PayloadSchema,
} from './sdk/types.js'
export type { RetryPolicy } from './sdk/retry-options.js'
export type { RunRecord, RunStatus, StepSummary, RunLog, WaitingFor } from './engine/run-record.js'
export type { RunEvent, RunEventType } from './engine/events.js'
export type { RunState } from './engine/run-state.js'
export type { CronInfo, CronInput } from './engine/cron-types.js'
export type { EngineOptions } from './engine/engine.js'
export type { RecoveryReport } from './engine/recover.js'
export type { RunStore, StoredState, StoredKey, RetentionPolicy } from './store/run-store.js'
export type { Executor, TaskPolicy } from './engine/executor.js'
export type { Clock, TimerHandle } from './clock/clock.js'
export type { Transport, RunFilter } from './transport/transport.js'
export type { SerializedError } from './errors/serialize.js'
export type { RunnerOptions, StepCall, StepInterceptor } from './runner/invocation.js'
export type { ExecutionRequest, ExecutionOutcome, JournalStep, SpawnRequest, Wait } from './runner/types.js'
export type { ServeOptions } from './serve/serve-options.js'
export type { ServeHandlers, ServeHandler } from './serve/serve.js'
export type { VerifyOptions, VerifiedSignature } from './protocol/signing.js'
export type { ExecutionRequestBody, ExecutionResponseBody, ExecutionErrorBody } from './protocol/execution.js'
export type { Manifest, ManifestTask } from './protocol/manifest.js'
export type { SignatureErrorCode, AppRequestErrorCode } from './errors/index.js'
export type { HttpExecutorOptions, FetchLike } from './engine/http-executor.js'
export type { ConnectAppOptions, ConnectedApp } from './engine/connect-app.js'
export type { HttpTransport, HttpTransportOptions } from './transport/http/http-transport.js'
export type { HttpRetryOptions } from './transport/http/http-client.js'
export type { PlatformApi, PlatformApiOptions } from './platform/create-platform-api.js'
export type { ErrorBody, TriggerRequest, TriggerResponse, BatchTriggerRequest, BatchTriggerResponse, ListRunsResponse, ListCronsResponse, SseMessage } from './protocol/api.js'
