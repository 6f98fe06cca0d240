import * as z from 'zod/mini'
import { DurationSchema } from './api-trigger.js'

/**
 * The answer of every `/api/v1/clock` endpoint: the engine's time beside the wall time.
 * `virtual` is false on a system clock (then only `GET` works).
 *
 * @example
 * const clock = ClockStateSchema.parse(await response.json())
 */
export const ClockStateSchema = z.object({
  virtual: z.boolean(),
  /** The engine's time (ISO). */
  now: z.string(),
  /** The host's real time (ISO). */
  wallNow: z.string(),
  /** The earliest pending timer (ISO), or null; always null on a system clock. */
  nextTimerAt: z.nullable(z.string()),
  /** Runs not yet ended. */
  activeRuns: z.int().check(z.nonnegative()),
})

export type ClockState = z.infer<typeof ClockStateSchema>

/**
 * `POST /api/v1/clock/advance`: move a virtual clock forward by a duration or to a time,
 * firing every timer on the way in order. Exactly one of `duration` and `to`.
 *
 * @example
 * ClockAdvanceRequestSchema.parse({ duration: '1h' })
 */
export const ClockAdvanceRequestSchema = z
  .strictObject({
    duration: z.optional(DurationSchema),
    to: z.optional(z.iso.datetime({ offset: true })),
  })
  .check(z.refine((b) => (b.duration === undefined) !== (b.to === undefined), { message: 'give exactly one of `duration` and `to`' }))

export type ClockAdvanceRequest = z.infer<typeof ClockAdvanceRequestSchema>
