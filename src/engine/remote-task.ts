import { describeIssues } from '../errors/describe-issues.js'
import { ValidationError } from '../errors/input-errors.js'
import { ManifestTaskSchema, type ManifestTask } from '../protocol/manifest.js'
import type { TaskPolicy } from './executor.js'

/**
 * The engine's view of a task that lives in an app behind a URL: its id and policy from the
 * app's manifest, and no handler. Register it with the executor that reaches the app.
 *
 * @example
 * const manifest = ManifestSchema.parse(await (await fetch(appUrl)).json())
 * const app = httpExecutor({ url: appUrl, signingKey, clock: engine.clock })
 * for (const entry of manifest.tasks) engine.register(remoteTaskPolicy(entry), app)
 */
export function remoteTaskPolicy(entry: ManifestTask): TaskPolicy & { payloadSchema?: Record<string, unknown> } {
  const parsed = ManifestTaskSchema.safeParse(entry)
  if (!parsed.success) {
    const issues = describeIssues(parsed.error)
    throw new ValidationError('INVALID_MANIFEST', `Failed to register remote task ${JSON.stringify((entry as { id?: unknown })?.id)}: its manifest entry is invalid (${issues}). Pass an entry of the app's GET manifest.`)
  }
  const e = parsed.data
  return {
    id: e.id,
    retry: { ...e.retry },
    ...(e.timeoutMs === undefined ? {} : { timeoutMs: e.timeoutMs }),
    ...(e.concurrency === undefined ? {} : { concurrency: e.concurrency }),
    ...(e.cron === undefined ? {} : { cron: e.cron.timezone === undefined ? { schedule: e.cron.schedule } : { schedule: e.cron.schedule, timezone: e.cron.timezone } }),
    // Kept for the dashboard's task list (GET /tasks); the platform checks no payload against it.
    ...(e.payloadSchema === undefined ? {} : { payloadSchema: e.payloadSchema }),
  }
}
