import { z } from 'zod'
import type { RunRecord } from '../engine/run-record.js'
import type { SerializedError } from '../errors/serialize.js'

/** A run's status. */
export const RunStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled'])

const errorShape = {
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  stack: z.string().optional(),
  cause: z.lazy((): z.ZodType<SerializedError> => SerializedErrorSchema).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
}

/**
 * An error as it crosses the wire: name, message, code, stack, cause, data (src/errors/serialize.ts).
 * Extra fields (an attempt error's `retriable`, `retryAt`) are kept, so a record read over HTTP
 * equals the engine's.
 *
 * @example
 * const error = deserializeError(SerializedErrorSchema.parse(record.error))
 */
export const SerializedErrorSchema: z.ZodType<SerializedError> = z.looseObject(errorShape)

/** The failure of an attempt: a serialized error plus what the engine does next. */
export const AttemptErrorSchema = z.object({ ...errorShape, retriable: z.boolean(), retryAt: z.number().optional() })

const StepKindSchema = z.enum(['run', 'sleep', 'trigger', 'wait'])
export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error'])

const StepAttemptSummarySchema = z.object({
  attempt: z.number().int(),
  status: z.enum(['completed', 'failed']),
  startedAt: z.string(),
  endedAt: z.string(),
  error: SerializedErrorSchema.optional(),
})

const StepSummarySchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed', 'sleeping', 'waiting', 'abandoned']),
  result: z.unknown().optional(),
  error: SerializedErrorSchema.optional(),
  attempts: z.array(StepAttemptSummarySchema),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  until: z.string().optional(),
  childId: z.string().optional(),
})

const RunLogSchema = z.object({
  level: LogLevelSchema,
  message: z.string(),
  at: z.string(),
  attempt: z.number().int(),
  data: z.unknown().optional(),
})

const WaitingForSchema = z.object({
  kind: z.enum(['delay', 'retry', 'concurrency', 'sleep', 'child', 'queue']),
  until: z.string().optional(),
  step: z.string().optional(),
  childId: z.string().optional(),
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
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: z.unknown().optional(),
  payload: z.unknown().optional(),
  error: SerializedErrorSchema.nullable(),
  attempts: z.number().int().nonnegative(),
  parentId: z.string().nullable(),
  children: z.array(z.string()),
  steps: z.array(StepSummarySchema),
  logs: z.array(RunLogSchema),
  waitingFor: WaitingForSchema.nullable(),
  idempotencyKey: z.string().optional(),
  scheduledAt: z.string().optional(),
  cron: z.string().optional(),
})

// The schema and the engine's type must not drift apart: each must be assignable to the other.
type WireRecord = z.infer<typeof RunRecordSchema>
const recordToWire = (r: RunRecord): WireRecord => r
// `payload` is optional on the wire only because JSON drops an undefined payload.
const wireToRecord = (r: WireRecord): RunRecord => ({ ...r, payload: r.payload })
void recordToWire
void wireToRecord
