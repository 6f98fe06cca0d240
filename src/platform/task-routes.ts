import { UnknownTaskError } from '../errors/input-errors.js'
import { TaskStatsQuerySchema } from '../protocol/api-tasks.js'
import type { RouteContext } from './context.js'
import { parseWith, queryObject } from './read-body.js'
import { jsonResponse } from './responses.js'
import { taskConfig } from './task-config.js'
import { taskStats } from './task-stats.js'

/** `GET /tasks` → 200 `{ tasks: TaskConfig[] }`, in registration order. */
export async function listTasksRoute(ctx: RouteContext): Promise<Response> {
  const tasks = ctx.engine.taskIds().map((id) => taskConfig(ctx.engine.findTask(id)!))
  return jsonResponse(200, { tasks })
}

/** `GET /tasks/:taskId/stats?minutes=60` → 200 `TaskStats`. */
export async function taskStatsRoute(ctx: RouteContext): Promise<Response> {
  const taskId = ctx.params.taskId!
  if (!ctx.engine.findTask(taskId)) throw new UnknownTaskError(taskId, ctx.engine.taskIds())
  const { minutes } = parseWith(TaskStatsQuerySchema, queryObject(ctx.url.searchParams), 'the query')
  return jsonResponse(200, taskStats(ctx.engine, taskId, minutes))
}
