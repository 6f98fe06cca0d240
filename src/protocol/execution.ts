import { z } from 'zod'
import type { SerializedError } from '../errors/serialize.js'
import type { ExecutionOutcome, ExecutionRequest } from '../runner/types.js'

// The platform → app messages (docs/protocol.md, "Platform → app"). The platform validates what the
// app answers; serve() validates what the platform sends. Unknown fields are dropped, so a
// newer peer may add fields within a protocol version.

const epochMs = z.number().finite()

/**
 * An error as it crosses the wire: name, message, code, stack, cause, extra data.
 *
 * @example
 * SerializedErrorSchema.parse({ name: 'Error', message: 'boom' })
 */
export const SerializedErrorSchema: z.ZodType<SerializedError> = z.lazy(() => z.object(serializedErrorShape()))

// The fields of a serialized error, shared by SerializedErrorSchema and AttemptErrorSchema.
function serializedErrorShape() {
  return {
    name: z.string(),
    message: z.string(),
    code: z.string().optional(),
    stack: z.string().optional(),
    cause: SerializedErrorSchema.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }
}

const StepKindSchema = z.enum(['run', 'sleep', 'trigger', 'wait'])

/** One journaled step the handler replays. */
export const JournalStepSchema = z.object({
  key: z.string().min(1),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed', 'waiting']),
  result: z.unknown().optional(),
  error: SerializedErrorSchema.optional(),
  until: epochMs.optional(),
  childId: z.string().optional(),
  // When the entry settled among the run's steps; replay settles entries in this order. Journals
  // written before it existed lack it: their entries settle in the order the handler asks.
  seq: z.number().int().nonnegative().optional(),
})

/**
 * One invocation of a task: mirrors `ExecutionRequest` (src/runner/types.ts).
 *
 * @example
 * InvocationSchema.parse({ runId: 'run_1', taskId: 'send-email', attempt: 1, payload: {}, journal: [], dispatched: [], createdAt: 0 })
 */
export const InvocationSchema = z.object({
  runId: z.string().min(1),
  taskId: z.string().min(1),
  attempt: z.number().int().min(1),
  payload: z.unknown().default(undefined),
  journal: z.array(JournalStepSchema),
  dispatched: z.array(z.string()),
  createdAt: epochMs,
  parentId: z.string().optional(),
  scheduledAt: epochMs.optional(),
})

/**
 * The body of `POST <serve() url>`: the protocol version, a request id the answer echoes,
 * the platform's clock at dispatch (the app runs the invocation on that clock, so sleeps end
 * on the platform's time), and the invocation.
 *
 * @example
 * const body = ExecutionRequestBodySchema.parse(JSON.parse(rawBody))
 */
export const ExecutionRequestBodySchema = z.object({
  version: z.number().int(),
  requestId: z.string().min(1),
  now: epochMs,
  /**
   * `real` (default): the app's clock is `now` plus the time spent since the request arrived.
   * `virtual`: the platform's time stands still during an invocation (a virtual clock), so the
   * app times steps, logs and sleeps at exactly `now`, as the in-memory engine would.
   */
  clock: z.enum(['real', 'virtual']).optional(),
  invocation: InvocationSchema,
})

const AttemptErrorSchema = z.object({
  ...serializedErrorShape(),
  retriable: z.boolean(),
  retryAt: epochMs.optional(),
})

const StepAttemptRecordSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  kind: StepKindSchema,
  status: z.enum(['completed', 'failed']),
  result: z.unknown().optional(),
  error: SerializedErrorSchema.optional(),
  startedAt: epochMs,
  endedAt: epochMs,
})

const WaitSchema = z.discriminatedUnion('kind', [
  // name: what step.sleep was called with when it differs from the key (`nap` for `nap#2`).
  z.object({ key: z.string().min(1), kind: z.literal('sleep'), until: epochMs, name: z.string().optional() }),
  z.object({ key: z.string().min(1), kind: z.literal('child'), childId: z.string().min(1) }),
])

const SpawnRequestSchema = z.object({
  key: z.string().min(1),
  runId: z.string().min(1),
  taskId: z.string().min(1),
  payload: z.unknown().default(undefined),
  via: z.enum(['ctx.task', 'trigger', 'triggerAndWait']),
  delayMs: z.number().optional(),
  delayUntil: epochMs.optional(),
  idempotencyKey: z.string().optional(),
})

const AbandonedStepSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  kind: StepKindSchema,
})

const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  at: epochMs,
  data: z.unknown().optional(),
})

/**
 * How one invocation ended: mirrors `ExecutionOutcome` (src/runner/types.ts). A failed
 * outcome carries its error; a suspended one carries at least one wait.
 *
 * @example
 * const outcome = OutcomeSchema.parse(body.outcome)
 */
export const OutcomeSchema = z
  .object({
    status: z.enum(['completed', 'suspended', 'failed']),
    result: z.unknown().optional(),
    error: AttemptErrorSchema.optional(),
    steps: z.array(StepAttemptRecordSchema),
    waits: z.array(WaitSchema),
    spawns: z.array(SpawnRequestSchema),
    logs: z.array(LogEntrySchema),
    order: z.array(z.string()),
    // Steps still executing and waits not yet over when the handler returned or threw.
    abandoned: z.array(AbandonedStepSchema).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.status === 'failed' && !o.error) ctx.addIssue({ code: 'custom', path: ['error'], message: 'a failed outcome must carry its error' })
    if (o.status === 'suspended' && o.waits.length === 0) ctx.addIssue({ code: 'custom', path: ['waits'], message: 'a suspended outcome must carry what it waits for' })
  })

/**
 * The body of a 200 answer to an execution request.
 *
 * @example
 * const { outcome } = ExecutionResponseBodySchema.parse(await response.json())
 */
export const ExecutionResponseBodySchema = z.object({
  version: z.number().int(),
  requestId: z.string().min(1),
  outcome: OutcomeSchema,
})

/**
 * The body of every non-2xx answer of `serve()`.
 *
 * @example
 * const { error } = ExecutionErrorBodySchema.parse(await response.json())
 */
export const ExecutionErrorBodySchema = z.object({
  error: z.object({ code: z.string().min(1), message: z.string() }),
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
