import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { RunRecord } from '../../model/run-record.js'
import type { TaskConfig } from '../../protocol/api-tasks.js'
import { api } from '../api.js'
import { JsonBlock } from '../components/json-block.js'
import { PayloadEditor } from '../components/payload-editor.js'
import { TaskChart } from '../components/task-chart.js'
import { formatDuration, formatTime, toJson } from '../format.js'
import { Link, navigate } from '../router.js'

/** Every task with its configuration, a chart, and a Run button with a schema-checked payload editor. */
export function TasksPage({ selected }: { selected?: string }): JSX.Element {
  const [tasks, setTasks] = useState<TaskConfig[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => void api.tasks().then((t) => setTasks(t.tasks), (e: Error) => setError(e.message)), [])
  if (error) return <p class="inline-error" role="alert">{error}</p>
  if (!tasks) return <p class="muted">Loading…</p>
  return (
    <section>
      <h1>Tasks</h1>
      {tasks.length === 0 ? <p class="muted">No task is registered.</p> : null}
      <div class="cards">
        {tasks.map((task) => (
          <TaskCard key={task.id} task={task} open={task.id === selected} />
        ))}
      </div>
    </section>
  )
}

function TaskCard({ task, open }: { task: TaskConfig; open: boolean }): JSX.Element {
  const r = task.retry
  return (
    <article class="card" id={`task-${task.id}`}>
      <header class="card-head">
        <h2>
          <Link href={`/runs?taskId=${encodeURIComponent(task.id)}`}>{task.id}</Link>
        </h2>
        <button type="button" class="primary" aria-expanded={open} onClick={() => navigate(open ? '/tasks' : `/tasks/${encodeURIComponent(task.id)}`)}>
          {open ? 'Close' : 'Run…'}
        </button>
      </header>
      <dl class="facts small">
        <dt>Retry</dt>
        <dd>
          {r.maxAttempts} attempt(s), {r.backoff} {formatDuration(r.minDelayMs)}–{formatDuration(r.maxDelayMs)} ×{r.factor}
          {r.jitter ? `, jitter ${r.jitter}` : ''}
        </dd>
        <dt>Timeout</dt>
        <dd>{task.timeoutMs ? formatDuration(task.timeoutMs) : 'none'}</dd>
        <dt>Concurrency</dt>
        <dd>{task.concurrency ?? 'unbounded'}</dd>
        <dt>Schedule</dt>
        <dd>{task.cron ? `${task.cron.schedule} (${task.cron.timezone ?? 'UTC'})` : '—'}</dd>
        <dt>Source</dt>
        <dd>{task.source}</dd>
        <dt>Payload schema</dt>
        <dd>{task.payloadSchema ? <details><summary>JSON Schema</summary><JsonBlock value={task.payloadSchema} /></details> : 'any JSON'}</dd>
      </dl>
      <TaskChart taskId={task.id} />
      {open ? <RunPanel task={task} /> : null}
    </article>
  )
}

function RunPanel({ task }: { task: TaskConfig }): JSX.Element {
  const [recent, setRecent] = useState<RunRecord[] | null>(null)
  const [initial, setInitial] = useState<string | null>(null)
  const [key, setKey] = useState(0)
  useEffect(() => {
    api.listFullRuns(new URLSearchParams({ taskId: task.id, order: 'desc', limit: '20' })).then(
      (p) => {
        setRecent(p.runs)
        setInitial(p.runs[0] ? toJson(p.runs[0].payload) : '{}')
      },
      () => setInitial('{}'),
    )
  }, [task.id])
  if (initial === null) return <p class="muted">Loading…</p>
  const seen = new Set<string>()
  const last = (recent ?? []).map((r) => ({ run: r, text: toJson(r.payload) })).filter(({ text }) => !seen.has(text) && seen.add(text)).slice(0, 5)
  return (
    <div class="panel">
      <PayloadEditor key={key} id={`payload-${task.id}`} initial={initial} schema={task.payloadSchema} submitLabel={`Run ${task.id}`} onSubmit={async (payload) => navigate(`/runs/${encodeURIComponent((await api.trigger(task.id, payload)).id)}`)} />
      {last.length ? (
        <div class="recent">
          <h3>Last payloads</h3>
          <ul>
            {last.map(({ run, text }) => (
              <li key={run.id}>
                <button type="button" class="link" onClick={() => { setInitial(text); setKey(key + 1) }}>
                  Use
                </button>{' '}
                <code>{text.length > 120 ? `${text.slice(0, 120)}…` : text}</code> <span class="muted small">{formatTime(run.createdAt)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
