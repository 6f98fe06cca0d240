import type { RunEvent } from '../model/events.js'

/**
 * Rows ordered by run then append order, as one array of events per run. A body that does not
 * parse makes its run a one-event log that cannot be folded, which recovery reports as
 * unreadable and leaves out, instead of failing the whole start. Shared by the SQL stores.
 */
export function* groupByRun(rows: Iterable<{ run_id: string; body: string }>): Generator<RunEvent[]> {
  let runId: string | undefined
  let events: RunEvent[] = []
  let broken = false
  const done = (): RunEvent[] => (broken ? [{ type: 'unreadable', runId } as unknown as RunEvent] : events)
  for (const row of rows) {
    if (row.run_id !== runId) {
      if (runId !== undefined) yield done()
      events = []
      broken = false
      runId = row.run_id
    }
    try {
      events.push(JSON.parse(row.body) as RunEvent)
    } catch {
      broken = true
    }
  }
  if (runId !== undefined) yield done()
}
