/** What `createCron(config, input)` takes (seed 000). */
export interface CronInput {
  name: string
  cron: string
  callbackUrl?: string
  payload?: unknown
  /** IANA timezone, e.g. 'Europe/Paris'. Default UTC. */
  timezone?: string
  /** The task each firing runs. Default: the task whose id equals `name`. */
  taskId?: string
}

/** A cron as listed. */
export interface CronInfo {
  name: string
  cron: string
  timezone: string
  taskId: string
  payload?: unknown
  callbackUrl?: string
  /** `declared` by cron() in code, or `created` by createCron(). */
  source: 'declared' | 'created'
  /** ISO time of the next firing (null while paused). */
  nextRunAt: string | null
  /** Present (true) while the cron is paused. */
  paused?: boolean
}
