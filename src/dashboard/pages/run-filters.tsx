import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { navigate } from '../router.js'

const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const
export const FILTER_KEYS = ['taskId', 'status', 'q', 'parentId', 'cron', 'idempotencyKey', 'from', 'to'] as const

/** The filter form of the runs table; every filter lives in the URL, so a link reproduces the view. */
export function RunFilters({ query, taskIds }: { query: URLSearchParams; taskIds: string[] }): JSX.Element {
  const [draft, setDraft] = useState<Record<string, string>>({})
  useEffect(() => {
    const next: Record<string, string> = {}
    for (const key of FILTER_KEYS) next[key] = query.get(key) ?? ''
    setDraft(next)
  }, [query.toString()])
  const statuses = new Set((draft.status ?? '').split(',').filter(Boolean))
  const set = (key: string, value: string): void => setDraft({ ...draft, [key]: value })
  const toggleStatus = (s: string): void => {
    const next = new Set(statuses)
    if (next.has(s)) next.delete(s)
    else next.add(s)
    set('status', [...next].join(','))
  }
  const apply = (e: Event): void => {
    e.preventDefault()
    const params = new URLSearchParams()
    for (const key of FILTER_KEYS) if (draft[key]) params.set(key, draft[key]!)
    navigate(`/runs${params.size ? `?${params}` : ''}`)
  }
  return (
    <form class="filters" onSubmit={apply} aria-label="Filter runs">
      <label>
        Search id
        <input id="run-search" type="search" value={draft.q ?? ''} placeholder="run_…  ( / )" onInput={(e) => set('q', e.currentTarget.value)} />
      </label>
      <label>
        Task
        <select value={draft.taskId ?? ''} onChange={(e) => set('taskId', e.currentTarget.value)}>
          <option value="">all tasks</option>
          {taskIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="status-filter">
        <legend>Status</legend>
        {STATUSES.map((s) => (
          <label key={s} class="check">
            <input type="checkbox" checked={statuses.has(s)} onChange={() => toggleStatus(s)} />
            {s}
          </label>
        ))}
      </fieldset>
      <details class="more-filters" open={Boolean(draft.parentId || draft.cron || draft.idempotencyKey || draft.from || draft.to)}>
        <summary>More filters</summary>
        <label>
          Parent run
          <input value={draft.parentId ?? ''} onInput={(e) => set('parentId', e.currentTarget.value)} />
        </label>
        <label>
          Cron
          <input value={draft.cron ?? ''} onInput={(e) => set('cron', e.currentTarget.value)} />
        </label>
        <label>
          Idempotency key
          <input value={draft.idempotencyKey ?? ''} onInput={(e) => set('idempotencyKey', e.currentTarget.value)} />
        </label>
        <label>
          Created from (UTC)
          <input placeholder="2026-01-01T00:00:00Z" value={draft.from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} />
        </label>
        <label>
          Created before (UTC)
          <input placeholder="2026-01-02T00:00:00Z" value={draft.to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} />
        </label>
      </details>
      <div class="filter-buttons">
        <button type="submit">Apply</button>
        <button type="button" class="secondary" onClick={() => navigate('/runs')}>
          Clear
        </button>
      </div>
    </form>
  )
}
