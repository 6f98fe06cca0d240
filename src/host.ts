/**
 * @module backlot/host — what hosts a platform or an engine: the engine and its clocks and
 * executors, the runner, the platform API, the wire schemas and request signing. Task authors
 * need none of it (`backlot` has what they use); the dev server, test kits and custom platforms do.
 */

export { signRequest, verifySignature, computeSignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './protocol/signing.js'
export { ReplayCache } from './protocol/replay-cache.js'
export { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from './protocol/version.js'
export { httpExecutor } from './engine/http-executor.js'
export { remoteTaskPolicy } from './engine/remote-task.js'
export { connectApp } from './engine/connect-app.js'
export { ExecutionRequestBodySchema, ExecutionResponseBodySchema, ExecutionErrorBodySchema } from './protocol/execution.js'
export { ManifestSchema, ManifestTaskSchema } from './protocol/manifest.js'
export { createPlatformApi } from './platform/create-platform-api.js'
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

export type { RunState } from './engine/run-state.js'
export type { ReadonlyRun } from './engine/run-types.js'
export type { EngineOptions } from './engine/engine.js'
export type { RetentionOptions } from './engine/retention.js'
export type { EventStreamOptions } from './platform/event-hub.js'
export type { RequestDedupOptions } from './platform/request-dedup.js'
export type { RecoveryReport } from './engine/recover.js'
export type { RunStore, StoredState, StoredKey, CompactPolicy } from './store/run-store.js'
export type { Executor, TaskPolicy } from './engine/executor.js'
export type { Clock, TimerHandle } from './clock/clock.js'
export type { RunnerOptions, StepCall, StepInterceptor } from './runner/invocation.js'
export type { ExecutionRequest, ExecutionOutcome, JournalStep, SpawnRequest, Wait } from './runner/types.js'
export type { VerifyOptions, VerifiedSignature } from './protocol/signing.js'
export type { ExecutionRequestBody, ExecutionResponseBody, ExecutionErrorBody } from './protocol/execution.js'
export type { Manifest, ManifestTask } from './protocol/manifest.js'
export type { HttpExecutorOptions, FetchLike } from './engine/http-executor.js'
export type { ConnectAppOptions, ConnectedApp } from './engine/connect-app.js'
export type { PlatformApi, PlatformApiOptions } from './platform/create-platform-api.js'
export type { ErrorBody, TriggerRequest, TriggerResponse, BatchTriggerRequest, BatchTriggerResponse, ListRunsResponse, ListCronsResponse, SseMessage } from './protocol/api.js'
