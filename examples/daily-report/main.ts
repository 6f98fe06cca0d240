// Two days of a created cron (the daily report) and a declared one (the hourly cleanup) on a
// virtual clock; the printed times are the engine's:
//   npm run example -- daily-report
import { listCrons } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { dailyReport, hourlyCleanup, scheduleDailyReport, store } from './tasks.js'

const engine = createTestEngine({ tasks: [dailyReport, hourlyCleanup], now: '2026-03-02T08:00:00Z' }).use()
const config = {} // { baseUrl, secretKey, ref } would send these calls to a platform instead
const at = (iso: string | null | undefined) => (iso ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : '—')

store.orders = [
  { at: '2026-03-01T10:00:00.000Z', cents: 1500 },
  { at: '2026-03-01T18:30:00.000Z', cents: 2500 },
  { at: '2026-03-02T11:00:00.000Z', cents: 900 },
]
store.sessions = [
  { id: 's1', expiresAt: '2026-03-02T08:30:00.000Z' },
  { id: 's2', expiresAt: '2026-03-02T13:10:00.000Z' },
]

await scheduleDailyReport(config)
for (const cron of await listCrons(config)) console.log(`cron ${cron.name} "${cron.cron}" ${cron.timezone} (${cron.source}), next at ${at(cron.nextRunAt)}`)

await engine.advance('2 days')
for (const run of engine.runs({ task: dailyReport })) {
  console.log(`${at(run.scheduledAt)} daily-report ${run.status}: ${JSON.stringify(run.result)}`)
}
const cleanups = engine.runs({ task: hourlyCleanup })
console.log(`hourly-cleanup fired ${cleanups.length} times, ${at(cleanups[0]?.scheduledAt)} to ${at(cleanups.at(-1)?.scheduledAt)}`)
for (const run of cleanups.filter((r) => (r.result as { removed: number }).removed > 0)) {
  console.log(`${at(run.scheduledAt)} hourly-cleanup: ${run.logs.map((l) => l.message).join('; ')}`)
}
engine.dispose()
