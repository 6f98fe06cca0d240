import type pg from 'pg'
import type { RunEvent } from '../../src/model/events.js'

/** Every run's journal as committed in the database, by run id. */
export async function readJournals(pool: pg.Pool): Promise<Map<string, RunEvent[]>> {
  const { rows } = await pool.query<{ run_id: string; body: string | RunEvent }>(`SELECT run_id, body FROM backlot_events ORDER BY run_id, n`)
  const out = new Map<string, RunEvent[]>()
  for (const row of rows) {
    const event = typeof row.body === 'string' ? (JSON.parse(row.body) as RunEvent) : row.body
    const log = out.get(row.run_id)
    if (log) log.push(event)
    else out.set(row.run_id, [event])
  }
  return out
}

export interface ExactlyOnceReport {
  /** Runs completed, by task id. */
  completed: Record<string, number>
  /** Distinct cron firings completed. */
  cronFirings: number
  /** Steps executed again after an interruption (allowed: their completion was never journaled). */
  reexecuted: number
  /** What broke the rules, one line each (empty when all hold). */
  problems: string[]
}

/**
 * Checks journals against the executions the app recorded ("<runId> <step> <attempt>" lines):
 * each run ends once and completes, a step is journaled as completed once, no step runs in an
 * attempt after the one whose completion was journaled, and each cron firing (cron, scheduled
 * time) has one run. A step may run twice in one attempt number: when a replica dies before the
 * attempt's start is committed, the next holder starts that attempt afresh (nothing of the first
 * try is journaled, so nothing completed runs again).
 */
export function checkExactlyOnce(journals: Map<string, RunEvent[]>, executions: readonly string[]): ExactlyOnceReport {
  const report: ExactlyOnceReport = { completed: {}, cronFirings: 0, reexecuted: 0, problems: [] }
  const ran = new Map<string, number[]>() // "<runId> <step>" -> attempts it executed in
  for (const line of executions) {
    const [runId, step, attempt] = line.split(' ')
    const key = `${runId} ${step}`
    const attempts = ran.get(key) ?? []
    attempts.push(Number(attempt))
    ran.set(key, attempts)
  }
  const firings = new Set<string>()
  for (const [runId, events] of journals) {
    const first = events[0]
    if (first?.type !== 'run.triggered') {
      report.problems.push(`${runId} does not start with run.triggered`)
      continue
    }
    const ends = events.filter((e) => e.type === 'run.completed' || e.type === 'run.failed' || e.type === 'run.cancelled')
    if (ends.length !== 1 || ends[0]!.type !== 'run.completed') report.problems.push(`${runId} (${first.taskId}) ended ${ends.length} time(s): ${ends.map((e) => e.type).join(', ') || 'never'}`)
    else report.completed[first.taskId] = (report.completed[first.taskId] ?? 0) + 1
    if (first.cron !== undefined) {
      const firing = `${first.cron}@${first.scheduledAt}`
      if (firings.has(firing)) report.problems.push(`cron firing ${firing} has two runs`)
      firings.add(firing)
    }
    const journaled = new Map<string, number>()
    for (const e of events) {
      if (e.type !== 'step.completed' || e.kind !== 'run') continue
      if (journaled.has(e.name)) report.problems.push(`${runId} journaled step ${e.name} as completed twice`)
      journaled.set(e.name, e.attempt)
    }
    for (const [name, attempt] of journaled) {
      const attempts = ran.get(`${runId} ${name}`) ?? []
      if (!attempts.includes(attempt)) report.problems.push(`${runId} journaled ${name} in attempt ${attempt}, which the app never ran`)
      const after = attempts.filter((a) => a > attempt)
      if (after.length > 0) report.problems.push(`${runId} ran ${name} again in attempt(s) ${after.join(', ')} after its completion was journaled in attempt ${attempt}`)
      report.reexecuted += attempts.length - 1
    }
  }
  report.cronFirings = firings.size
  return report
}
