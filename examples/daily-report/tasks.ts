import { createCron, cron, task, type ClientConfig, type CronInfo } from 'backlot'

/** Stand-ins for the app's data: orders to report on, sessions to clean up, where reports go. */
export const store = {
  orders: [] as { at: string; cents: number }[],
  sessions: [] as { id: string; expiresAt: string }[],
  reports: [] as { day: string; type: string; orders: number; cents: number }[],
}

/** The day before `date`, as YYYY-MM-DD (the report at 09:00 covers yesterday). */
function dayBefore(date: Date): string {
  return new Date(date.getTime() - 86_400_000).toISOString().slice(0, 10)
}

// Seed 000: a plain task; createCron() schedules it at run time and gives each firing its payload.
export const dailyReport = task({
  id: 'daily-report',
  run: async ({ type }: { type: 'daily' }, { step, run }) => {
    // The firing's own time, not Date.now(): a late or caught-up firing reports on the right day.
    const day = dayBefore(run.scheduledAt ?? run.createdAt)
    const orders = await step.run('query', () => store.orders.filter((o) => o.at.startsWith(day)))
    const report = { day, type, orders: orders.length, cents: orders.reduce((sum, o) => sum + o.cents, 0) }
    await step.run('publish', () => void store.reports.push(report))
    return report
  },
})

// Seed 002: a declarative cron; its schedule lives beside its code.
export const hourlyCleanup = cron('hourly-cleanup', '0 * * * *', async (ctx) => {
  const now = (ctx.run.scheduledAt ?? ctx.run.createdAt).toISOString()
  const removed = await ctx.step.run('delete-expired-sessions', () => {
    const expired = store.sessions.filter((s) => s.expiresAt <= now)
    store.sessions = store.sessions.filter((s) => s.expiresAt > now)
    return expired.length
  })
  ctx.log(`Removed ${removed} expired sessions`)
  return { removed }
})

/** What a deploy script or an admin route calls: every day at 9am UTC (seed 000's createCron). */
export function scheduleDailyReport(config: ClientConfig): Promise<CronInfo> {
  return createCron(config, {
    name: 'daily-report',
    cron: '0 9 * * *',
    callbackUrl: 'https://myapp.com/api/tasks',
    payload: { type: 'daily' },
  })
}
