import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { CronDetails, ListCronsResponse } from '../../protocol/api-crons.js'
import type { RunSummary } from '../../protocol/api-run-query.js'
import { api } from '../api.js'
import { ActionButton } from '../components/action-button.js'
import { StatusBadge } from '../components/status.js'
import { formatTime } from '../format.js'
import { useLiveRefresh } from '../live.js'
import { Link } from '../router.js'

/** Every cron: expression, timezone, its next five firings on the engine's clock, its last runs, and controls. */
export function CronsPage(): JSX.Element {
  const [crons, setCrons] = useState<ListCronsResponse['crons'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const load = (): void => {
    api.crons().then(
      (c) => {
        setCrons(c.crons)
        setVersion((v) => v + 1)
      },
      (e: Error) => setError(e.message),
    )
  }
  useEffect(load, [])
  useLiveRefresh(load, (e) => e.type === 'run.triggered', 1_000)
  if (error) return <p class="inline-error" role="alert">{error}</p>
  if (!crons) return <p class="muted">Loading…</p>
  return (
    <section>
      <h1>Crons</h1>
      {crons.length === 0 ? <p class="muted">No cron is scheduled.</p> : null}
      <div class="cards">
        {crons.map((c) => (
          <CronCard key={c.name} name={c.name} version={version} onChange={load} />
        ))}
      </div>
    </section>
  )
}

function CronCard({ name, version, onChange }: { name: string; version: number; onChange: () => void }): JSX.Element {
  const [cron, setCron] = useState<CronDetails | null>(null)
  const [runs, setRuns] = useState<RunSummary[]>([])
  useEffect(() => {
    api.cron(name).then(setCron, () => undefined)
    api.listRuns(new URLSearchParams({ cron: name, view: 'summary', order: 'desc', limit: '5' })).then((p) => setRuns(p.runs), () => undefined)
  }, [name, version])
  if (!cron) return <article class="card muted">{name}…</article>
  const act = (action: 'pause' | 'resume' | 'trigger') => () => api.cronAction(name, action).then(onChange)
  return (
    <article class="card" id={`cron-${name}`}>
      <header class="card-head">
        <h2>{cron.name}</h2>
        {cron.paused ? <span class="status status-paused">paused</span> : <span class="status status-running">active</span>}
      </header>
      <dl class="facts small">
        <dt>Expression</dt>
        <dd class="mono">{cron.cron}</dd>
        <dt>Timezone</dt>
        <dd>{cron.timezone}</dd>
        <dt>Task</dt>
        <dd>
          <Link href={`/tasks/${encodeURIComponent(cron.taskId)}`}>{cron.taskId}</Link>
        </dd>
        <dt>Source</dt>
        <dd>{cron.source}</dd>
      </dl>
      <h3>Next firings{cron.paused ? ' (once resumed)' : ''}</h3>
      <ol class="firings mono small">
        {cron.nextFirings.map((f) => (
          <li key={f}>{formatTime(f)}</li>
        ))}
      </ol>
      <h3>Last runs</h3>
      {runs.length === 0 ? (
        <p class="muted small">None yet.</p>
      ) : (
        <ul class="plain small">
          {runs.map((r) => (
            <li key={r.id}>
              <Link href={`/runs/${encodeURIComponent(r.id)}`} class="mono">{r.id}</Link> <StatusBadge status={r.status} /> <span class="muted">{formatTime(r.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="toolbar">
        {cron.paused ? <ActionButton onRun={act('resume')}>Resume</ActionButton> : <ActionButton onRun={act('pause')}>Pause</ActionButton>}
        <ActionButton onRun={act('trigger')}>Run now</ActionButton>
        <ActionButton danger onRun={() => (confirm(`Delete cron "${name}"?`) ? api.deleteCron(name).then(onChange) : Promise.resolve())}>
          Delete
        </ActionButton>
        <Link href={`/runs?cron=${encodeURIComponent(name)}`}>All runs →</Link>
      </div>
    </article>
  )
}
