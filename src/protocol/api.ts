/**
 * @module backlot/protocol/api — zod schemas of every app → platform message (docs/protocol.md).
 */
export { API_VERSION, API_PREFIX, API_HEADERS, DEFAULT_MAX_BODY_BYTES, MAX_BATCH_ITEMS, MAX_LONG_POLL_MS, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './api-version.js'
export { ErrorBodySchema, API_ERROR_CODES, describeZodIssues } from './api-error.js'
export { RunStatusSchema, SerializedErrorSchema, AttemptErrorSchema, RunRecordSchema } from './api-run-record.js'
export {
  DurationSchema,
  TriggerOptionsSchema,
  TriggerRequestSchema,
  TriggerResponseSchema,
  BatchTriggerRequestSchema,
  BatchTriggerResponseSchema,
  toWireTriggerOptions,
  fromWireTriggerOptions,
} from './api-trigger.js'
export { ListRunsQuerySchema, ListRunsResponseSchema, CancelRequestSchema, GetRunQuerySchema, readListRunsQuery } from './api-runs.js'
export { CronInputSchema, CronInfoSchema, ListCronsResponseSchema, CronDetailsSchema, CronDetailsQuerySchema } from './api-crons.js'
export {
  RunFilterSchema,
  RunSummarySchema,
  ListRunSummariesResponseSchema,
  BulkCancelRequestSchema,
  BulkCancelResponseSchema,
  ReplayRequestSchema,
  MAX_BULK_CANCEL,
} from './api-run-query.js'
export { ClockStateSchema, ClockAdvanceRequestSchema } from './api-clock.js'
export { TaskConfigSchema, ListTasksResponseSchema, TaskStatsQuerySchema, TaskStatsSchema } from './api-tasks.js'
export { RunEventSchema, EventStreamQuerySchema, formatSse, parseSse } from './api-events.js'

export type { ErrorBody } from './api-error.js'
export type { WireTriggerOptions, TriggerRequest, TriggerResponse, BatchTriggerRequest, BatchTriggerResponse } from './api-trigger.js'
export type { ListRunsQuery, ListRunsResponse, CancelRequest } from './api-runs.js'
export type { ListCronsResponse, CronDetails } from './api-crons.js'
export type { RunFilterQuery, RunSummary, ListRunSummariesResponse, BulkCancelRequest, BulkCancelResponse } from './api-run-query.js'
export type { ClockState, ClockAdvanceRequest } from './api-clock.js'
export type { TaskConfig, TaskStats } from './api-tasks.js'
export type { SseMessage } from './api-events.js'
