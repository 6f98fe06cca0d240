import { z } from 'zod'
import type { CronInfo, CronInput } from '../engine/cron-types.js'

/**
 * `POST /api/v1/crons`: creates a cron, or updates the one with the same name
 * (src/engine/cron-types.ts `CronInput`).
 *
 * @example
 * CronInputSchema.parse({ name: 'daily-report', cron: '0 9 * * *', payload: { type: 'daily' } })
 */
export const CronInputSchema = z.strictObject({
  name: z.string().min(1),
  cron: z.string().min(1),
  callbackUrl: z.string().optional(),
  payload: z.unknown().optional(),
  timezone: z.string().min(1).optional(),
  taskId: z.string().min(1).optional(),
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
  payload: z.unknown().optional(),
  callbackUrl: z.string().optional(),
  source: z.enum(['declared', 'created']),
  nextRunAt: z.string().nullable(),
  paused: z.boolean().optional(),
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
export const CronDetailsSchema = CronInfoSchema.extend({
  nextFirings: z.array(z.string()),
})

export type CronDetails = z.infer<typeof CronDetailsSchema>

export const CronDetailsQuerySchema = z.strictObject({
  count: z.coerce.number().int().min(1).max(50).default(5),
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
