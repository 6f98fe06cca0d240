import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { RunEvent } from '../../model/events.js'
import { formatDuration, formatTime } from '../format.js'
import { Link } from '../router.js'
import { buildRows, type Row } from '../waterfall-model.js'
import { ErrorView } from './error-view.js'
import { LazyResult } from './json-block.js'

/** The run's waterfall: time runs left to right from the trigger to now (or the run's end). */
export function Waterfall({ events, now }: { events: readonly RunEvent[]; now: number }): JSX.Element {
  const [shown, setShown] = useState(PAGE)
  const rows = buildRows(events)
  if (rows.length === 0) return <p class="muted">Nothing has happened yet.</p>
  const t0 = events[0]?.at ?? rows[0]!.start
  const lastEvent = events[events.length - 1]?.at ?? t0
  const ended = events.some((e) => e.type === 'run.completed' || e.type === 'run.failed' || e.type === 'run.cancelled')
  const tEnd = Math.max(ended ? lastEvent : Math.max(now, lastEvent), ...rows.map((r) => r.end ?? r.due ?? now), t0 + 1)
  const span = tEnd - t0
  const pct = (t: number): number => Math.max(0, Math.min(100, ((t - t0) / span) * 100))
  return (
    <div class="waterfall" role="table" aria-label="Run waterfall">
      <div class="wf-axis" role="row">
        <span role="columnheader">{formatTime(t0)}</span>
        <span role="columnheader">+{formatDuration(span)}</span>
      </div>
      {rows.slice(0, shown).map((row, i) => (
        <WaterfallRow key={i} row={row} left={pct(row.start)} right={pct(row.end ?? (row.due !== undefined ? Math.min(row.due, tEnd) : now))} due={row.due === undefined ? undefined : pct(row.due)} now={now} />
      ))}
      {rows.length > shown ? (
        <button type="button" class="link" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, rows.length - shown)} more of {rows.length - shown} remaining rows
        </button>
      ) : null}
    </div>
  )
}

// A long history renders a page of rows at a time, so a 20,000-event run opens at once.
const PAGE = 300

function WaterfallRow({ row, left, right, due, now }: { row: Row; left: number; right: number; due: number | undefined; now: number }): JSX.Element {
  const end = row.end ?? now
  const point = row.kind === 'log' || row.kind === 'child'
  return (
    <div class={`wf-row wf-${row.kind} wf-status-${row.status.replace(/\s+/g, '-')}`} role="row">
      <div class="wf-label" role="cell">
        <span class="wf-kind">{row.kind}</span>
        {row.kind === 'child' && row.childId ? <Link href={`/runs/${encodeURIComponent(row.childId)}`}>{row.label}</Link> : <span class={row.kind === 'log' ? 'wf-log-text' : ''}>{row.label}</span>}
        <span class="muted small">
          {' '}
          {point ? formatTime(row.start) : `${formatDuration(end - row.start)} · ${row.status}`}
          {row.due !== undefined ? ` · ${row.kind === 'retry' ? 'next attempt' : 'wakes'} ${formatTime(row.due)}` : ''}
        </span>
        {row.hasResult ? (
          <div>
            <LazyResult value={row.result} />
          </div>
        ) : null}
        {row.error && row.kind !== 'attempt' ? <ErrorView error={row.error} /> : null}
        {row.error && row.kind === 'attempt' ? <div class="small inline-error">{row.error.name}: {row.error.message}</div> : null}
      </div>
      <div class="wf-track" role="cell" aria-hidden="true">
        {due !== undefined ? <div class="wf-due" style={{ left: `${due}%` }} /> : null}
        <div class={point ? 'wf-point' : 'wf-bar'} style={point ? { left: `${left}%` } : { left: `${left}%`, width: `${Math.max(right - left, 0.4)}%` }} />
      </div>
    </div>
  )
}
