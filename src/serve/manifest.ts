import { PROTOCOL_VERSION } from '../protocol/version.js'
import type { Manifest, ManifestTask } from '../protocol/manifest.js'
import type { AnyTask } from '../sdk/task-types.js'

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

interface StandardJsonSchema {
  '~standard'?: { jsonSchema?: { input(options: { target: string; libraryOptions?: Record<string, unknown> }): unknown } }
}

/**
 * JSON Schema of a payload schema (what the payload must be on input), through the Standard
 * JSON Schema interface that zod 4 (and other schema libraries) implement, so serving a task
 * loads no schema library of ours. None for schemas without it.
 */
export function payloadJsonSchema(schema: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined
  try {
    const jsonSchema = (schema as StandardJsonSchema)['~standard']?.jsonSchema
    const result = jsonSchema?.input({ target: 'draft-2020-12', libraryOptions: { unrepresentable: 'any' } })
    return result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
