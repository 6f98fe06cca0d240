import * as z from 'zod/mini'
import type { RunRecord } from '../model/run-record.js'
import type { SerializedError } from '../errors/serialized-error.js'

/** A run's status. */
export const RunStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled'])

const errorShape = {
  name: z.string(),
  message: z.string(),
  code: z.optional(z.string()),
  stack: z.optional(z.string()),
  cause: z.optional(z.lazy((): z.ZodMiniType<SerializedError> => SerializedErrorSchema)),
  data: z.optional(z.record(z.string(), z.unknown())),
}

/**
 * An error as it crosses the wire: name, message, code, stack, cause, data (src/errors/serialize.ts).
 * Extra fields (an attempt error's `retriable`, `retryAt`) are kept, so a record read over HTTP
 * equals the engine's.
 *
 * @example
 * const error = deserializeError(SerializedErrorSchema.parse(record.error))
 */
export const SerializedErrorSchema: z.ZodMiniType<SerializedError> = z.looseObject(errorShape)

/** The failure of an attempt: a serialized error plus what the engine does next. */
export const AttemptErrorSchema = z.object({ ...errorShape, retriable: z.boolean(), retryAt: z.optional(z.number()) })

const StepKindSchema = z.enum(['run', 'sleep', 'trigger', 'wait'])
export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error'])

const StepAttemptSummarySchema = z.object({
  attempt: z.int(),
  status: z.enum(['completed', 'failed']),
  startedAt: z.string(),
  endedAt: z.string(),
  error: z.optional(SerializedErrorSchema),
})

const StepSummarySchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed', 'sleeping', 'waiting', 'abandoned']),
  result: z.optional(z.unknown()),
  error: z.optional(SerializedErrorSchema),
  attempts: z.array(StepAttemptSummarySchema),
  startedAt: z.string(),
  completedAt: z.nullable(z.string()),
  until: z.optional(z.string()),
  childId: z.optional(z.string()),
})

const RunLogSchema = z.object({
  level: LogLevelSchema,
  message: z.string(),
  at: z.string(),
  attempt: z.int(),
  data: z.optional(z.unknown()),
})

const WaitingForSchema = z.object({
  kind: z.enum(['delay', 'retry', 'concurrency', 'sleep', 'child', 'queue']),
  until: z.optional(z.string()),
  step: z.optional(z.string()),
  childId: z.optional(z.string()),
})

/**
 * The status record of a run on the wire: exactly `RunRecord` (src/engine/run-record.ts),
 * with times as ISO strings. Unknown fields are dropped, so an older client reads a newer platform.
 *
 * @example
 * const record = RunRecordSchema.parse(await response.json())
 */
export const RunRecordSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  status: RunStatusSchema,
  createdAt: z.string(),
  startedAt: z.nullable(z.string()),
  completedAt: z.nullable(z.string()),
  result: z.optional(z.unknown()),
  payload: z.optional(z.unknown()),
  error: z.nullable(SerializedErrorSchema),
  attempts: z.int().check(z.nonnegative()),
  parentId: z.nullable(z.string()),
  children: z.array(z.string()),
  steps: z.array(StepSummarySchema),
  logs: z.array(RunLogSchema),
  waitingFor: z.nullable(WaitingForSchema),
  idempotencyKey: z.optional(z.string()),
  scheduledAt: z.optional(z.string()),
  cron: z.optional(z.string()),
})

// The schema and the engine's type must not drift apart: each must be assignable to the other.
type WireRecord = z.infer<typeof RunRecordSchema>
const recordToWire = (r: RunRecord): WireRecord => r
// `payload` is optional on the wire only because JSON drops an undefined payload.
const wireToRecord = (r: WireRecord): RunRecord => ({ ...r, payload: r.payload })
void recordToWire
void wireToRecord
