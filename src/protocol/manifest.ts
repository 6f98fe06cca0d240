import * as z from 'zod/mini'
import { reportingInput } from './report-input.js'

/** A task's retry policy with every default filled in (mirrors `RetryPolicy`). */
export const RetryPolicySchema = z.object({
  maxAttempts: z.int().check(z.minimum(1)),
  backoff: z.enum(['exponential', 'linear', 'fixed']),
  minDelayMs: z.number().check(z.minimum(0)),
  maxDelayMs: z.number().check(z.minimum(0)),
  factor: z.number().check(z.minimum(1)),
  jitter: z.number().check(z.minimum(0), z.maximum(1)),
})

/**
 * One task the app serves: what the platform needs to schedule it without its code.
 *
 * @example
 * const policy = remoteTaskPolicy(ManifestTaskSchema.parse(entry))
 */
export const ManifestTaskSchema = reportingInput(
  z.object({
    id: z.string().check(z.minLength(1)),
    retry: RetryPolicySchema,
    timeoutMs: z.optional(z.int().check(z.minimum(1))),
    concurrency: z.optional(z.int().check(z.minimum(1))),
    cron: z.optional(z.object({ schedule: z.string().check(z.minLength(1)), timezone: z.optional(z.string()) })),
    /** JSON Schema (draft 2020-12) of the payload, when the task has a zod schema. */
    payloadSchema: z.optional(z.record(z.string(), z.unknown())),
  }),
)

/**
 * The body of `GET <serve() url>`: health, the protocol version, whether signatures are
 * checked, and the tasks.
 *
 * @example
 * const manifest = ManifestSchema.parse(await (await fetch(url)).json())
 */
export const ManifestSchema = reportingInput(
  z.object({
    status: z.literal('ok'),
    version: z.int(),
    sdk: z.object({ name: z.string(), language: z.string() }),
    /** `signed`: every POST must be signed. `dev`: verification is off (local development only). */
    mode: z.enum(['signed', 'dev']),
    tasks: z.array(ManifestTaskSchema),
  }),
)

export type ManifestTask = z.infer<typeof ManifestTaskSchema>
export type Manifest = z.infer<typeof ManifestSchema>
