import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { RunSummary } from '../../protocol/api-run-query.js'
import { api } from '../api.js'
import { ActionButton } from '../components/action-button.js'
import { StatusBadge } from '../components/status.js'
import { between, formatDuration, formatTime } from '../format.js'
import { useLiveRefresh } from '../live.js'
import { Link, navigate } from '../router.js'
import { FILTER_KEYS, RunFilters } from './run-filters.js'

const PAGE_SIZE = 50

/** The runs table: one server-side page at a time (newest first), filters in the URL, live. */
export function RunsPage({ query }: { query: URLSearchParams }): JSX.Element {
  const [runs, setRuns] = useState<RunSummary[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [taskIds, setTaskIds] = useState<string[]>([])
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [notice, setNotice] = useState<string | null>(null)
  const [focus, setFocus] = useState(0)
  const [clockNow, setClockNow] = useState(Date.now())
  const prev = useRef<string[]>([])
  const cursor = query.get('cursor')
  const filterParams = new URLSearchParams()
  for (const key of FILTER_KEYS) if (query.get(key)) filterParams.set(key, query.get(key)!)

  const load = (): void => {
    const params = new URLSearchParams(filterParams)
    params.set('view', 'summary')
    params.set('order', 'desc')
    params.set('limit', String(PAGE_SIZE))
    if (cursor) params.set('cursor', cursor)
    api.listRuns(params).then(
      (page) => {
        setRuns(page.runs)
        setNext(page.nextCursor)
        setError(null)
      },
      (e: Error) => setError(e.message),
    )
    api.clock().then((c) => setClockNow(Date.parse(c.now)), () => undefined)
  }
  useEffect(load, [query.toString()])
  useEffect(() => void api.tasks().then((t) => setTaskIds(t.tasks.map((x) => x.id)), () => undefined), [])
  useLiveRefresh(load)

  const go = (c: string | null): void => {
    const params = new URLSearchParams(filterParams)
    if (c) params.set('cursor', c)
    navigate(`/runs${params.size ? `?${params}` : ''}`)
  }
  const toggle = (id: string): void => {
    const s = new Set(selected)
    if (s.has(id)) s.delete(id)
    else s.add(id)
    setSelected(s)
  }
  const onKey = (e: KeyboardEvent): void => {
    if (!runs || runs.length === 0 || e.metaKey || e.ctrlKey || e.altKey) return
    const target = e.target as HTMLElement
    if (target.closest('input,select,textarea,button,a') && !target.closest('table.runs')) return
    const inTable = target.closest('table.runs') !== null
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) setFocus((f) => Math.min(runs.length - 1, f + 1))
    else if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) setFocus((f) => Math.max(0, f - 1))
    else if (e.key === 'x') toggle(runs[focus]!.id)
    else if (e.key === 'Enter' && !target.closest('a,button,input')) navigate(`/runs/${encodeURIComponent(runs[focus]!.id)}`)
    else return
    e.preventDefault()
  }
  useEffect(() => {
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
  useEffect(() => {
    if (document.activeElement?.closest('table.runs')) document.querySelector<HTMLElement>(`tr[data-row="${focus}"]`)?.focus()
  }, [focus])

  const cancelSelected = async (): Promise<void> => {
    const out = await api.cancelMany({ ids: [...selected] })
    setNotice(`Cancelled ${out.cancelled.length} run(s)${out.alreadyEnded.length ? `; ${out.alreadyEnded.length} had already ended` : ''}.`)
    setSelected(new Set())
    load()
  }
  const cancelMatching = async (): Promise<void> => {
    const filter: Record<string, unknown> = Object.fromEntries(filterParams)
    if (typeof filter.status === 'string') filter.status = filter.status.split(',')
    if (!confirm(`Cancel every unfinished run matching ${filterParams.size ? filterParams.toString() : 'no filter (all runs)'}?`)) return
    const out = await api.cancelMany({ filter })
    setNotice(`Cancelled ${out.cancelled.length} run(s) matching the filter${out.more ? ' (more remain: run it again)' : ''}.`)
    load()
  }

  return (
    <section>
      <h1>Runs</h1>
      <RunFilters query={query} taskIds={taskIds} />
      <div class="toolbar">
        <ActionButton danger disabled={selected.size === 0} onRun={cancelSelected}>
          Cancel selected ({selected.size})
        </ActionButton>
        <ActionButton danger onRun={cancelMatching}>
          Cancel all matching
        </ActionButton>
        {notice ? <span class="notice" role="status">{notice}</span> : null}
      </div>
      {error ? <p class="inline-error" role="alert">{error}</p> : null}
      {runs === null ? (
        <p class="muted">Loading…</p>
      ) : runs.length === 0 ? (
        <p class="muted">No runs match.</p>
      ) : (
        <table class="runs">
          <thead>
            <tr>
              <th>
                <input type="checkbox" aria-label="Select all on this page" checked={runs.every((r) => selected.has(r.id))} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(runs.map((r) => r.id)) : new Set())} />
              </th>
              <th>Run</th>
              <th>Task</th>
              <th>Status</th>
              <th>Created</th>
              <th>Duration</th>
              <th>Attempts</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <tr key={run.id} data-row={i} tabIndex={i === focus ? 0 : -1} class={i === focus ? 'focused' : ''} onFocus={() => setFocus(i)}>
                <td>
                  <input type="checkbox" aria-label={`Select ${run.id}`} checked={selected.has(run.id)} onChange={() => toggle(run.id)} />
                </td>
                <td class="mono">
                  <Link href={`/runs/${encodeURIComponent(run.id)}`}>{run.id}</Link>
                  {run.parentId ? <span class="muted small"> ↳ child</span> : null}
                  {run.childCount ? <span class="muted small"> · {run.childCount} {run.childCount === 1 ? "child" : "children"}</span> : null}
                </td>
                <td>{run.taskId}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td class="mono small">{formatTime(run.createdAt)}</td>
                <td class="mono small">{formatDuration(between(run.startedAt, run.completedAt, clockNow))}</td>
                <td class="num">{run.attempts}</td>
                <td class="small note">
                  {run.waitingFor ? `waits: ${run.waitingFor.kind}${run.waitingFor.until ? ` until ${formatTime(run.waitingFor.until)}` : ''}` : run.error ? `${run.error.name}: ${run.error.message}` : run.cron ? `cron ${run.cron}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={!cursor} onClick={() => { prev.current = []; go(null) }}>
          Newest
        </button>
        <button type="button" disabled={!cursor} onClick={() => go(prev.current.pop() ?? null)}>
          ← Newer
        </button>
        <button type="button" disabled={!next} onClick={() => { prev.current.push(cursor ?? ''); go(next) }}>
          Older →
        </button>
        <span class="muted small">{PAGE_SIZE} per page · keys: j/k move, x select, Enter open</span>
      </nav>
    </section>
  )
}
