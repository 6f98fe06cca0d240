import * as z from 'zod/mini'
import type { CronInfo, CronInput } from '../model/cron-types.js'

/**
 * `POST /api/v1/crons`: creates a cron, or updates the one with the same name
 * (src/engine/cron-types.ts `CronInput`).
 *
 * @example
 * CronInputSchema.parse({ name: 'daily-report', cron: '0 9 * * *', payload: { type: 'daily' } })
 */
export const CronInputSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  cron: z.string().check(z.minLength(1)),
  callbackUrl: z.optional(z.string()),
  payload: z.optional(z.unknown()),
  timezone: z.optional(z.string().check(z.minLength(1))),
  taskId: z.optional(z.string().check(z.minLength(1))),
})

/**
 * A cron as listed (src/engine/cron-types.ts `CronInfo`).
 *
 * @example
 * const cron = CronInfoSchema.parse(await response.json())
 */
export const CronInfoSchema = z.object({
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  taskId: z.string(),
  payload: z.optional(z.unknown()),
  callbackUrl: z.optional(z.string()),
  source: z.enum(['declared', 'created']),
  nextRunAt: z.nullable(z.string()),
  paused: z.optional(z.boolean()),
})

/**
 * The answer of `GET /api/v1/crons`.
 *
 * @example
 * const { crons } = ListCronsResponseSchema.parse(await response.json())
 */
export const ListCronsResponseSchema = z.object({
  crons: z.array(CronInfoSchema),
})

export type ListCronsResponse = z.infer<typeof ListCronsResponseSchema>

/**
 * `GET /api/v1/crons/:name?count=5`: the cron and its next `count` (1–50) firings on the
 * engine's clock (what they would be if resumed, for a paused cron).
 *
 * @example
 * const { nextFirings } = CronDetailsSchema.parse(await response.json())
 */
export const CronDetailsSchema = z.extend(CronInfoSchema, {
  nextFirings: z.array(z.string()),
})

export type CronDetails = z.infer<typeof CronDetailsSchema>

export const CronDetailsQuerySchema = z.strictObject({
  count: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 5),
})

// The schemas and the engine's types must not drift apart.
const inputToWire = (c: CronInput): z.infer<typeof CronInputSchema> => c
const wireToInput = (c: z.infer<typeof CronInputSchema>): CronInput => c
const infoToWire = (c: CronInfo): z.infer<typeof CronInfoSchema> => c
const wireToInfo = (c: z.infer<typeof CronInfoSchema>): CronInfo => c
void inputToWire
void wireToInput
void infoToWire
void wireToInfo
