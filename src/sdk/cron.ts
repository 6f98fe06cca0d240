import { ValidationError } from '../errors/input-errors.js'
import { checkCronSyntax, checkTimezone } from '../model/cron-syntax.js'
import { defineTask } from './task.js'
import type { Task } from './task-types.js'
import type { TaskContext, TaskOptions } from './types.js'

export interface CronOptions extends TaskOptions {
  /** IANA timezone of the schedule. Default UTC. */
  timezone?: string
}

/**
 * Declares a recurring task (seed 002). Each firing creates a run; `ctx.run.scheduledAt` is
 * the firing's time. The schedule is checked here, so a typo fails at import, not at 9am.
 *
 * @example
 * export const sendEmails = cron('send-emails', '*\/15 * * * *', async (ctx) => {
 *   await ctx.task('send-email', { id: 'e1' })
 *   return { dispatched: 1 }
 * })
 */
export function cron<R>(name: string, schedule: string, handler: (ctx: TaskContext) => Promise<R> | R, options: CronOptions = {}): Task<void, R> {
  if (typeof handler !== 'function') {
    throw new ValidationError('INVALID_TASK', `Failed to define cron "${name}": the handler is missing. Pass cron(name, schedule, async (ctx) => {...}).`)
  }
  const timezone = options.timezone ?? 'UTC'
  checkTimezone(timezone)
  checkCronSyntax(schedule)
  return defineTask({ ...options, id: name, run: (_payload, ctx) => handler(ctx), cron: { schedule, timezone } }) as Task<void, R>
}
