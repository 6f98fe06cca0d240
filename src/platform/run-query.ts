import type { Engine } from '../engine/engine.js'
import type { ReadonlyRun } from '../engine/run-types.js'
import { runHead, waitingFor } from '../engine/to-record.js'
import type { RunFilterQuery, RunSummary } from '../protocol/api-run-query.js'
import { ApiError } from './api-error.js'

export interface RunPageQuery extends RunFilterQuery {
  limit: number
  order: 'asc' | 'desc'
  cursor?: string
}

/** A run matches when it passes every filter given. */
export function matchesFilter(run: ReadonlyRun, f: RunFilterQuery): boolean {
  if (f.taskId !== undefined && run.taskId !== f.taskId) return false
  if (f.status && !f.status.includes(run.status)) return false
  if (f.parentId !== undefined && run.parentId !== f.parentId) return false
  if (f.cron !== undefined && run.cron !== f.cron) return false
  if (f.idempotencyKey !== undefined && run.idempotencyKey !== f.idempotencyKey) return false
  if (f.q !== undefined && !run.id.includes(f.q)) return false
  if (f.from !== undefined && run.createdAt < f.from) return false
  if (f.to !== undefined && run.createdAt >= f.to) return false
  return true
}

/**
 * The runs matching a filter in creation order (or newest first), one page at a time. The
 * candidates are the parent's children when `parentId` is given, else every run: one plain
 * loop, stopping as soon as the page and one more match are found.
 */
export function queryRuns(engine: Engine, query: RunPageQuery): { runs: ReadonlyRun[]; nextCursor: string | null } {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  const list = candidates(engine, query)
  const desc = query.order === 'desc'
  const runs: ReadonlyRun[] = []
  let skipping = cursor !== undefined
  for (let n = 0; n < list.length; n++) {
    const run = list[desc ? list.length - 1 - n : n]!
    if (skipping) {
      if (run.id === cursor!.id) {
        skipping = false
        continue
      }
      // The cursor's run is gone (compacted): fall back on its creation time.
      if (desc ? run.createdAt >= cursor!.at : run.createdAt <= cursor!.at) continue
      skipping = false
    }
    if (!matchesFilter(run, query)) continue
    if (runs.length === query.limit) return { runs, nextCursor: encodeCursor(runs[runs.length - 1]!) }
    runs.push(run)
  }
  return { runs, nextCursor: null }
}

function candidates(engine: Engine, query: RunPageQuery): ReadonlyRun[] {
  if (query.parentId === undefined) return Array.from(engine.allRuns())
  const parent = engine.get(query.parentId)
  return (parent?.children ?? []).map((id) => engine.get(id)).filter((r): r is ReadonlyRun => r !== undefined)
}

function encodeCursor(run: ReadonlyRun): string {
  return `${run.createdAt}.${run.id}`
}

function decodeCursor(text: string): { at: number; id: string } {
  const dot = text.indexOf('.')
  const at = Number(text.slice(0, dot))
  if (dot <= 0 || !Number.isFinite(at)) {
    throw new ApiError(400, 'INVALID_REQUEST', `Failed to accept the query: cursor ${JSON.stringify(text)} is not one this platform made. Pass the nextCursor of the previous page unchanged.`)
  }
  return { at, id: text.slice(dot + 1) }
}

/** The row of the runs table. */
export function toRunSummary(run: ReadonlyRun): RunSummary {
  const waiting = waitingFor(run)
  // Added to the head, not spread into a literal (to-record.ts says why).
  const summary = runHead(run) as RunSummary
  summary.childCount = run.children?.length ?? 0
  summary.waitingFor = waiting === null ? null : waiting.until === undefined ? { kind: waiting.kind } : { kind: waiting.kind, until: waiting.until }
  summary.error = run.error ? { name: run.error.name, message: run.error.message } : null
  if (run.cron !== undefined) summary.cron = run.cron
  if (run.idempotencyKey !== undefined) summary.idempotencyKey = run.idempotencyKey
  return summary
}
