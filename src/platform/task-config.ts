import type { TaskPolicy } from '../engine/executor.js'
import type { TaskConfig } from '../protocol/api-tasks.js'
import { payloadJsonSchema } from '../serve/manifest.js'

/** A task's configuration as `GET /tasks` lists it (the manifest entry, plus where it runs). */
export function taskConfig(task: TaskPolicy & { payloadSchema?: Record<string, unknown> }): TaskConfig {
  const config: TaskConfig = { id: task.id, retry: { ...task.retry }, source: task.run ? 'in-process' : 'app' }
  if (task.timeoutMs !== undefined) config.timeoutMs = task.timeoutMs
  if (task.concurrency !== undefined) config.concurrency = task.concurrency
  if (task.cron) config.cron = task.cron.timezone === undefined ? { schedule: task.cron.schedule } : { schedule: task.cron.schedule, timezone: task.cron.timezone }
  const schema = task.payloadSchema ?? payloadJsonSchema(task.schema)
  if (schema) config.payloadSchema = schema
  return config
}
