import * as z from 'zod/mini'
import { reportingInput } from './report-input.js'
import type { SerializedError } from '../errors/serialized-error.js'
import type { ExecutionOutcome, ExecutionRequest } from '../runner/types.js'

// The platform → app messages (docs/protocol.md, "Platform → app"). The platform validates what the
// app answers; serve() validates what the platform sends. Unknown fields are dropped, so a
// newer peer may add fields within a protocol version.

/** Epoch ms that a Date can hold (±8.64e15), so no stored time can make a read fail. */
const epochMs = z.number().check(z.minimum(-8.64e15), z.maximum(8.64e15))

/**
 * An error as it crosses the wire: name, message, code, stack, cause, extra data.
 *
 * @example
 * SerializedErrorSchema.parse({ name: 'Error', message: 'boom' })
 */
export const SerializedErrorSchema: z.ZodMiniType<SerializedError> = z.lazy(() => z.object(serializedErrorShape()))

// The fields of a serialized error, shared by SerializedErrorSchema and AttemptErrorSchema.
function serializedErrorShape() {
  return {
    name: z.string(),
    message: z.string(),
    code: z.optional(z.string()),
    stack: z.optional(z.string()),
    cause: z.optional(SerializedErrorSchema),
    data: z.optional(z.record(z.string(), z.unknown())),
  }
}

const StepKindSchema = z.enum(['run', 'sleep', 'trigger', 'wait'])

/** One journaled step the handler replays. */
export const JournalStepSchema = z.object({
  key: z.string().check(z.minLength(1)),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed', 'waiting']),
  result: z.optional(z.unknown()),
  error: z.optional(SerializedErrorSchema),
  until: z.optional(epochMs),
  childId: z.optional(z.string()),
  // When the entry settled among the run's steps; replay settles entries in this order. Journals
  // written before it existed lack it: their entries settle in the order the handler asks.
  seq: z.optional(z.int().check(z.nonnegative())),
})

/**
 * One invocation of a task: mirrors `ExecutionRequest` (src/runner/types.ts).
 *
 * @example
 * InvocationSchema.parse({ runId: 'run_1', taskId: 'send-email', attempt: 1, payload: {}, journal: [], dispatched: [], createdAt: 0 })
 */
export const InvocationSchema = z.object({
  runId: z.string().check(z.minLength(1)),
  taskId: z.string().check(z.minLength(1)),
  attempt: z.int().check(z.minimum(1)),
  payload: z._default(z.unknown(), undefined),
  journal: z.array(JournalStepSchema),
  dispatched: z.array(z.string()),
  createdAt: epochMs,
  parentId: z.optional(z.string()),
  scheduledAt: z.optional(epochMs),
})

/**
 * The body of `POST <serve() url>`: the protocol version, a request id the answer echoes,
 * the platform's clock at dispatch (the app runs the invocation on that clock, so sleeps end
 * on the platform's time), and the invocation.
 *
 * @example
 * const body = ExecutionRequestBodySchema.parse(JSON.parse(rawBody))
 */
export const ExecutionRequestBodySchema = reportingInput(
  z.object({
    version: z.int(),
    requestId: z.string().check(z.minLength(1)),
    now: epochMs,
    /**
     * `real` (default): the app's clock is `now` plus the time spent since the request arrived.
     * `virtual`: the platform's time stands still during an invocation (a virtual clock), so the
     * app times steps, logs and sleeps at exactly `now`, as the in-memory engine would.
     */
    clock: z.optional(z.enum(['real', 'virtual'])),
    invocation: InvocationSchema,
  }),
)

const AttemptErrorSchema = z.object({
  ...serializedErrorShape(),
  retriable: z.boolean(),
  retryAt: z.optional(epochMs),
})

const StepAttemptRecordSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.string(),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed']),
  result: z.optional(z.unknown()),
  error: z.optional(SerializedErrorSchema),
  startedAt: epochMs,
  endedAt: epochMs,
})

const WaitSchema = z.discriminatedUnion('kind', [
  // name: what step.sleep was called with when it differs from the key (`nap` for `nap#2`).
  z.object({ key: z.string().check(z.minLength(1)), kind: z.literal('sleep'), until: epochMs, name: z.optional(z.string()) }),
  z.object({ key: z.string().check(z.minLength(1)), kind: z.literal('child'), childId: z.string().check(z.minLength(1)) }),
])

const SpawnRequestSchema = z.object({
  key: z.string().check(z.minLength(1)),
  runId: z.string().check(z.minLength(1)),
  taskId: z.string().check(z.minLength(1)),
  payload: z._default(z.unknown(), undefined),
  via: z.enum(['ctx.task', 'trigger', 'triggerAndWait']),
  delayMs: z.optional(z.number()),
  delayUntil: z.optional(epochMs),
  idempotencyKey: z.optional(z.string()),
})

const AbandonedStepSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.string(),
  kind: StepKindSchema,
})

const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  at: epochMs,
  data: z.optional(z.unknown()),
})

/**
 * How one invocation ended: mirrors `ExecutionOutcome` (src/runner/types.ts). A failed
 * outcome carries its error; a suspended one carries at least one wait.
 *
 * @example
 * const outcome = OutcomeSchema.parse(body.outcome)
 */
export const OutcomeSchema = z.object({
  status: z.enum(['completed', 'suspended', 'failed']),
  result: z.optional(z.unknown()),
  error: z.optional(AttemptErrorSchema),
  steps: z.array(StepAttemptRecordSchema),
  waits: z.array(WaitSchema),
  spawns: z.array(SpawnRequestSchema),
  logs: z.array(LogEntrySchema),
  order: z.array(z.string()),
  // Steps still executing and waits not yet over when the handler returned or threw.
  abandoned: z.optional(z.array(AbandonedStepSchema)),
}).check(
  z.superRefine((o, ctx) => {
    if (o.status === 'failed' && !o.error) ctx.addIssue({ code: 'custom', path: ['error'], message: 'a failed outcome must carry its error' })
    if (o.status === 'suspended' && o.waits.length === 0) ctx.addIssue({ code: 'custom', path: ['waits'], message: 'a suspended outcome must carry what it waits for' })
  }),
)

/**
 * The body of a 200 answer to an execution request.
 *
 * @example
 * const { outcome } = ExecutionResponseBodySchema.parse(await response.json())
 */
export const ExecutionResponseBodySchema = reportingInput(
  z.object({
    version: z.int(),
    requestId: z.string().check(z.minLength(1)),
    outcome: OutcomeSchema,
  }),
)

/**
 * The body of every non-2xx answer of `serve()`.
 *
 * @example
 * const { error } = ExecutionErrorBodySchema.parse(await response.json())
 */
export const ExecutionErrorBodySchema = z.object({
  error: z.object({ code: z.string().check(z.minLength(1)), message: z.string() }),
})

export type ExecutionRequestBody = z.infer<typeof ExecutionRequestBodySchema>
export type ExecutionResponseBody = z.infer<typeof ExecutionResponseBodySchema>
export type ExecutionErrorBody = z.infer<typeof ExecutionErrorBodySchema>

// The wire schemas and the runner's types must describe the same messages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _invocationMatches: Same<Required<z.infer<typeof InvocationSchema>>, Required<ExecutionRequest>> = true
const _outcomeMatches: Same<Required<z.infer<typeof OutcomeSchema>>, Required<ExecutionOutcome>> = true
void _invocationMatches
void _outcomeMatches
