import { z } from 'zod'

/** A task's retry policy with every default filled in (mirrors `RetryPolicy`). */
export const RetryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1),
  backoff: z.enum(['exponential', 'linear', 'fixed']),
  minDelayMs: z.number().min(0),
  maxDelayMs: z.number().min(0),
  factor: z.number().min(1),
  jitter: z.number().min(0).max(1),
})

/**
 * One task the app serves: what the platform needs to schedule it without its code.
 *
 * @example
 * const policy = remoteTaskPolicy(ManifestTaskSchema.parse(entry))
 */
export const ManifestTaskSchema = z.object({
  id: z.string().min(1),
  retry: RetryPolicySchema,
  timeoutMs: z.number().int().min(1).optional(),
  concurrency: z.number().int().min(1).optional(),
  cron: z.object({ schedule: z.string().min(1), timezone: z.string().optional() }).optional(),
  /** JSON Schema (draft 2020-12) of the payload, when the task has a zod schema. */
  payloadSchema: z.record(z.string(), z.unknown()).optional(),
})

/**
 * The body of `GET <serve() url>`: health, the protocol version, whether signatures are
 * checked, and the tasks.
 *
 * @example
 * const manifest = ManifestSchema.parse(await (await fetch(url)).json())
 */
export const ManifestSchema = z.object({
  status: z.literal('ok'),
  version: z.number().int(),
  sdk: z.object({ name: z.string(), language: z.string() }),
  /** `signed`: every POST must be signed. `dev`: verification is off (local development only). */
  mode: z.enum(['signed', 'dev']),
  tasks: z.array(ManifestTaskSchema),
})

export type ManifestTask = z.infer<typeof ManifestTaskSchema>
export type Manifest = z.infer<typeof ManifestSchema>
