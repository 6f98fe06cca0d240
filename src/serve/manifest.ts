import { z } from 'zod'
import { PROTOCOL_VERSION } from '../protocol/version.js'
import type { Manifest, ManifestTask } from '../protocol/manifest.js'
import type { AnyTask } from '../sdk/task.js'

/** The answer to `GET`: health, protocol version, mode and each task's policy. */
export function buildManifest(tasks: readonly AnyTask[], mode: Manifest['mode']): Manifest {
  return { status: 'ok', version: PROTOCOL_VERSION, sdk: { name: 'backlot', language: 'typescript' }, mode, tasks: tasks.map(manifestEntry) }
}

function manifestEntry(task: AnyTask): ManifestTask {
  const entry: ManifestTask = { id: task.id, retry: { ...task.retry } }
  if (task.timeoutMs !== undefined) entry.timeoutMs = task.timeoutMs
  if (task.concurrency !== undefined) entry.concurrency = task.concurrency
  if (task.cron) entry.cron = task.cron.timezone === undefined ? { schedule: task.cron.schedule } : { schedule: task.cron.schedule, timezone: task.cron.timezone }
  const schema = payloadJsonSchema(task.schema)
  if (schema) entry.payloadSchema = schema
  return entry
}

/** JSON Schema of a zod payload schema (what the payload must be on input); none for other schemas. */
export function payloadJsonSchema(schema: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return undefined
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  } catch {
    return undefined
  }
}
