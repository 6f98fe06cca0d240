import { DuplicateTaskError, ValidationError } from '../errors/input-errors.js'
import { ReplayCache } from '../protocol/replay-cache.js'
import type { AnyTask } from '../sdk/task-types.js'
import { handleExecution } from './handle-execution.js'
import { errorResponse, jsonResponse } from './json-response.js'
import { buildManifest } from './manifest.js'
import { DEFAULT_BODY_LIMIT, resolveSecurity, type ServeOptions } from './serve-options.js'

/** A Web-standard request handler. */
export type ServeHandler = (request: Request) => Promise<Response>

/** What `serve()` returns: one handler per method, plus `fetch`, which routes by method. */
export interface ServeHandlers {
  /** Health and the manifest of tasks. */
  GET: ServeHandler
  /** Runs one signed invocation and answers with its outcome. */
  POST: ServeHandler
  /** GET and POST by method, 405 for any other: for hosts that take one handler (Bun, Deno, workers). */
  fetch: ServeHandler
}

/**
 * Exposes tasks to the platform as Web-standard handlers. The platform GETs the manifest and
 * POSTs signed invocations (docs/protocol.md, "Platform → app").
 *
 * @example
 * // app/api/tasks/route.ts (Next.js)
 * import { serve } from 'backlot'
 * import { sendEmail } from '@/tasks/send-email'
 * export const { GET, POST } = serve({ tasks: [sendEmail] })
 */
export function serve(options: ServeOptions): ServeHandlers {
  const tasks = indexTasks(options?.tasks)
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  if (!(Number.isFinite(bodyLimit) && bodyLimit > 0)) {
    throw new ValidationError('INVALID_OPTION', `Failed to set up serve(): bodyLimit is ${JSON.stringify(options.bodyLimit)}; expected a number of bytes > 0.`)
  }
  const replayCache = new ReplayCache(options.replayCacheSize === undefined ? {} : { maxEntries: options.replayCacheSize })
  const list = [...tasks.values()]

  const GET: ServeHandler = async () => {
    const { dev } = resolveSecurity(options)
    return jsonResponse(200, buildManifest(list, dev ? 'dev' : 'signed'))
  }
  const POST: ServeHandler = async (request) => {
    try {
      return await handleExecution(request, {
        tasks,
        security: resolveSecurity(options),
        bodyLimit,
        replayCache,
        ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      })
    } catch (error) {
      return errorResponse(500, 'INTERNAL', `Failed to execute the request: ${(error as Error)?.message ?? String(error)}. This is a bug in backlot or the host; the platform will retry the attempt.`)
    }
  }
  const fetch: ServeHandler = async (request) => {
    if (request.method === 'GET') return GET(request)
    if (request.method === 'POST') return POST(request)
    return errorResponse(405, 'METHOD_NOT_ALLOWED', `Failed to handle ${request.method} ${new URL(request.url).pathname}: the tasks endpoint answers only GET (manifest) and POST (execution). Use one of those methods.`, { allow: 'GET, POST' })
  }
  return { GET, POST, fetch }
}

function indexTasks(tasks: readonly AnyTask[] | undefined): Map<string, AnyTask> {
  if (!Array.isArray(tasks)) {
    throw new ValidationError('INVALID_OPTION', `Failed to set up serve(): tasks is ${JSON.stringify(tasks)}; expected an array of tasks, e.g. serve({ tasks: [sendEmail] }).`)
  }
  const byId = new Map<string, AnyTask>()
  for (const task of tasks) {
    if (typeof task?.id !== 'string' || typeof task.run !== 'function') {
      throw new ValidationError('INVALID_OPTION', 'Failed to set up serve(): an entry of tasks is not a task. Pass what task() or cron() return.')
    }
    const known = byId.get(task.id)
    if (known && known !== task) throw new DuplicateTaskError(task.id)
    byId.set(task.id, task)
  }
  return byId
}
