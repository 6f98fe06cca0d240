import * as z from 'zod/mini'
import type { RunEvent } from '../model/events.js'
import { AttemptErrorSchema, LogLevelSchema, RunStatusSchema, SerializedErrorSchema } from './api-run-record.js'

const base = { runId: z.string(), at: z.number() }
const StepKindSchema = z.enum(['run', 'sleep', 'trigger', 'wait'])

/**
 * One entry of a run's event log (src/engine/events.ts), as the event stream sends it.
 * Times are epoch milliseconds of the engine's clock.
 *
 * @example
 * const event = RunEventSchema.parse(JSON.parse(message.data))
 */
export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run.triggered'),
    taskId: z.string(),
    payload: z.optional(z.unknown()),
    parentId: z.optional(z.string()),
    spawnKey: z.optional(z.string()),
    idempotencyKey: z.optional(z.string()),
    delayUntil: z.optional(z.number()),
    scheduledAt: z.optional(z.number()),
    cron: z.optional(z.string()),
  }),
  z.object({ ...base, type: z.literal('run.waiting'), for: z.literal('concurrency') }),
  z.object({ ...base, type: z.literal('attempt.started'), attempt: z.int(), resumed: z.optional(z.literal(true)) }),
  z.object({ ...base, type: z.literal('step.completed'), attempt: z.int(), key: z.string(), name: z.string(), kind: StepKindSchema, result: z.optional(z.unknown()), startedAt: z.number() }),
  z.object({ ...base, type: z.literal('step.failed'), attempt: z.int(), key: z.string(), name: z.string(), kind: StepKindSchema, error: SerializedErrorSchema, startedAt: z.number(), caught: z.optional(z.literal(true)) }),
  z.object({ ...base, type: z.literal('step.abandoned'), key: z.string(), name: z.string(), kind: StepKindSchema }),
  z.object({ ...base, type: z.literal('sleep.started'), key: z.string(), until: z.number() }),
  z.object({ ...base, type: z.literal('sleep.completed'), key: z.string() }),
  z.object({ ...base, type: z.literal('child.spawned'), key: z.string(), childId: z.string(), taskId: z.string(), via: z.enum(['ctx.task', 'trigger', 'triggerAndWait']) }),
  z.object({ ...base, type: z.literal('child.waiting'), key: z.string(), childId: z.string() }),
  z.object({ ...base, type: z.literal('child.ended'), key: z.string(), childId: z.string(), status: RunStatusSchema, result: z.optional(z.unknown()), error: z.optional(SerializedErrorSchema) }),
  z.object({ ...base, type: z.literal('log'), attempt: z.int(), level: LogLevelSchema, message: z.string(), data: z.optional(z.unknown()) }),
  z.object({ ...base, type: z.literal('attempt.suspended'), attempt: z.int() }),
  z.object({ ...base, type: z.literal('attempt.failed'), attempt: z.int(), error: AttemptErrorSchema, retryAt: z.nullable(z.number()) }),
  z.object({ ...base, type: z.literal('run.completed'), result: z.optional(z.unknown()) }),
  z.object({ ...base, type: z.literal('run.failed'), error: SerializedErrorSchema }),
  z.object({ ...base, type: z.literal('run.cancelled'), reason: z.optional(z.string()) }),
])

// The schema and the engine's event type must not drift apart.
const eventToWire = (e: RunEvent): z.infer<typeof RunEventSchema> => e
// `payload` is optional on the wire only because JSON drops an undefined payload.
type WithPayload<T> = T extends { type: 'run.triggered' } ? Omit<T, 'payload'> & { payload: unknown } : T
const wireToEvent = (e: WithPayload<z.infer<typeof RunEventSchema>>): RunEvent => e
void eventToWire
void wireToEvent

/**
 * The query of `GET /api/v1/events`: `runId` narrows the stream to one run (its past events
 * first, then live ones, and the stream ends after the run ends).
 */
export const EventStreamQuerySchema = z.strictObject({
  runId: z.optional(z.string().check(z.minLength(1))),
})

/** One Server-Sent Events message. */
export interface SseMessage {
  id?: string
  event?: string
  data: string
}

/**
 * Formats one Server-Sent Events message (`id:`, `event:`, one `data:` line per line of data).
 *
 * @example
 * formatSse({ id: 'run_1:0', event: 'run.triggered', data: JSON.stringify(event) })
 */
export function formatSse(message: SseMessage): string {
  let out = ''
  if (message.id !== undefined) out += `id: ${message.id}\n`
  if (message.event !== undefined) out += `event: ${message.event}\n`
  for (const line of message.data.split('\n')) out += `data: ${line}\n`
  return out + '\n'
}

/**
 * Reads Server-Sent Events from a response body, one message at a time. Comments (`:` lines)
 * are skipped.
 *
 * @example
 * for await (const message of parseSse(response.body!)) console.log(message.event, JSON.parse(message.data))
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const message = parseBlock(block)
        if (message) yield message
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}

function parseBlock(block: string): SseMessage | undefined {
  const data: string[] = []
  const message: SseMessage = { data: '' }
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'data') data.push(value)
    else if (field === 'id') message.id = value
    else if (field === 'event') message.event = value
  }
  if (data.length === 0) return undefined
  message.data = data.join('\n')
  return message
}
