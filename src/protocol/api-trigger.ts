import * as z from 'zod/mini'
import type { TriggerOptions } from '../sdk/types.js'
import { MAX_BATCH_ITEMS } from './api-version.js'

/** Milliseconds, or a duration string such as `'1h'` or `'1 minute'` (src/sdk/duration.ts). */
export const DurationSchema = z.union([z.number().check(z.nonnegative()), z.string().check(z.minLength(1))])

/**
 * Trigger options on the wire. A `Date` delay travels as `delayUntil` (ISO time), so a
 * string `delay` is always a duration.
 */
export const TriggerOptionsSchema = z.strictObject({
  delay: z.optional(DurationSchema),
  delayUntil: z.optional(z.iso.datetime({ offset: true })),
  idempotencyKey: z.optional(z.string().check(z.minLength(1))),
  idempotencyKeyTTL: z.optional(DurationSchema),
})

export type WireTriggerOptions = z.infer<typeof TriggerOptionsSchema>

/**
 * `POST /api/v1/tasks/:taskId/trigger`: starts one run.
 *
 * @example
 * TriggerRequestSchema.parse({ payload: { to: 'a@b.c' }, options: { delay: '1h' } })
 */
export const TriggerRequestSchema = z.strictObject({
  payload: z.optional(z.unknown()),
  options: z.optional(TriggerOptionsSchema),
})

export type TriggerRequest = z.infer<typeof TriggerRequestSchema>

/**
 * The answer to a trigger or a replay: the run's id. `deduplicated` is true when a live
 * idempotency key returned an existing run (status 200 instead of 201).
 *
 * @example
 * const { id } = TriggerResponseSchema.parse(await response.json())
 */
export const TriggerResponseSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  deduplicated: z.boolean(),
})

export type TriggerResponse = z.infer<typeof TriggerResponseSchema>

/**
 * `POST /api/v1/tasks/:taskId/batch`: starts one run per item, all or none.
 *
 * @example
 * BatchTriggerRequestSchema.parse({ items: [{ payload: { id: 1 } }, { payload: { id: 2 }, options: { delay: 1000 } }] })
 */
export const BatchTriggerRequestSchema = z.strictObject({
  items: z.array(TriggerRequestSchema).check(z.minLength(1), z.maxLength(MAX_BATCH_ITEMS)),
})

export type BatchTriggerRequest = z.infer<typeof BatchTriggerRequestSchema>

/**
 * The answer to a batch trigger: one entry per item, in order.
 *
 * @example
 * const { runs } = BatchTriggerResponseSchema.parse(await response.json())
 */
export const BatchTriggerResponseSchema = z.object({
  runs: z.array(TriggerResponseSchema),
})

export type BatchTriggerResponse = z.infer<typeof BatchTriggerResponseSchema>

/**
 * SDK trigger options → wire options (a Date delay becomes `delayUntil`).
 *
 * @example
 * toWireTriggerOptions({ delay: new Date('2026-01-02T00:00:00Z') }) // { delayUntil: '2026-01-02T00:00:00.000Z' }
 */
export function toWireTriggerOptions(options: TriggerOptions | undefined): WireTriggerOptions | undefined {
  if (!options) return undefined
  const wire: WireTriggerOptions = {}
  if (options.delay instanceof Date) wire.delayUntil = options.delay.toISOString()
  else if (options.delay !== undefined) wire.delay = options.delay
  if (options.idempotencyKey !== undefined) wire.idempotencyKey = options.idempotencyKey
  if (options.idempotencyKeyTTL !== undefined) wire.idempotencyKeyTTL = options.idempotencyKeyTTL
  return wire
}

/**
 * Wire options → SDK trigger options (`delayUntil` becomes a Date delay).
 *
 * @example
 * fromWireTriggerOptions({ delay: '1h' }) // { delay: '1h' }
 */
export function fromWireTriggerOptions(wire: WireTriggerOptions | undefined): TriggerOptions {
  const options: TriggerOptions = {}
  if (!wire) return options
  if (wire.delayUntil !== undefined) options.delay = new Date(wire.delayUntil)
  else if (wire.delay !== undefined) options.delay = wire.delay
  if (wire.idempotencyKey !== undefined) options.idempotencyKey = wire.idempotencyKey
  if (wire.idempotencyKeyTTL !== undefined) options.idempotencyKeyTTL = wire.idempotencyKeyTTL
  return options
}
