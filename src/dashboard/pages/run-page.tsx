import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { RunRecord } from '../../model/run-record.js'
import type { TaskConfig } from '../../protocol/api-tasks.js'
import { api } from '../api.js'
import { ActionButton } from '../components/action-button.js'
import { ErrorView } from '../components/error-view.js'
import { JsonBlock } from '../components/json-block.js'
import { PayloadEditor } from '../components/payload-editor.js'
import { RunTree } from '../components/run-tree.js'
import { StatusBadge } from '../components/status.js'
import { Waterfall } from '../components/waterfall.js'
import { between, formatDuration, formatTime, toJson } from '../format.js'
import { useLiveRefresh } from '../live.js'
import { Link, navigate } from '../router.js'
import { useRunEvents } from '../run-events.js'

const WAKEABLE = new Set(['sleep', 'delay', 'retry'])

/** One run: what it got and gave, its waterfall, its children, and what can be done to it. */
export function RunPage({ runId }: { runId: string }): JSX.Element {
  const [run, setRun] = useState<RunRecord | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(Date.now())
  const [task, setTask] = useState<TaskConfig | undefined>(undefined)
  const [editing, setEditing] = useState(false)
  const events = useRunEvents(runId)

  const load = (): void => {
    api.getRun(runId).then(
      (r) => {
        setRun(r)
        setError(null)
      },
      (e: Error) => setError(e.message),
    )
    api.clock().then((c) => setNow(Date.parse(c.now)), () => undefined)
  }
  useEffect(load, [runId, events.length])
  useLiveRefresh(() => api.clock().then((c) => setNow(Date.parse(c.now)), () => undefined), () => true, 1_000)
  useEffect(() => {
    if (run) api.tasks().then((t) => setTask(t.tasks.find((x) => x.id === run.taskId)), () => undefined)
  }, [run?.taskId])

  if (error && !run) return <p class="inline-error" role="alert">{error}</p>
  if (!run) return <p class="muted">Loading…</p>
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled'
  const open = async (p: Promise<{ id: string }>): Promise<void> => navigate(`/runs/${encodeURIComponent((await p).id)}`)

  return (
    <section>
      <p class="crumbs">
        <Link href="/runs">Runs</Link> / <span class="mono">{run.id}</span>
      </p>
      <h1>
        <span class="mono">{run.id}</span> <StatusBadge status={run.status} />
      </h1>
      <dl class="facts">
        <dt>Task</dt>
        <dd>
          <Link href={`/runs?taskId=${encodeURIComponent(run.taskId)}`}>{run.taskId}</Link>
        </dd>
        <dt>Parent</dt>
        <dd>{run.parentId ? <Link href={`/runs/${encodeURIComponent(run.parentId)}`} class="mono">{run.parentId}</Link> : '—'}</dd>
        <dt>Created</dt>
        <dd class="mono">{formatTime(run.createdAt)}</dd>
        <dt>Started</dt>
        <dd class="mono">{formatTime(run.startedAt)}</dd>
        <dt>Ended</dt>
        <dd class="mono">{formatTime(run.completedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(between(run.startedAt, run.completedAt, now))}</dd>
        <dt>Attempts</dt>
        <dd>{run.attempts}</dd>
        <dt>Waiting for</dt>
        <dd>{run.waitingFor ? `${run.waitingFor.kind}${run.waitingFor.step ? ` "${run.waitingFor.step}"` : ''}${run.waitingFor.until ? ` until ${formatTime(run.waitingFor.until)}` : ''}` : '—'}</dd>
        {run.cron ? (
          <>
            <dt>Cron</dt>
            <dd>
              <Link href={`/runs?cron=${encodeURIComponent(run.cron)}`}>{run.cron}</Link>
            </dd>
          </>
        ) : null}
        {run.idempotencyKey ? (
          <>
            <dt>Idempotency key</dt>
            <dd class="mono">{run.idempotencyKey}</dd>
          </>
        ) : null}
      </dl>
      <div class="toolbar" aria-label="Actions">
        <ActionButton danger disabled={ended} onRun={() => api.cancel(run.id).then(load)}>
          Cancel
        </ActionButton>
        <ActionButton onRun={() => open(api.replay(run.id))}>Replay</ActionButton>
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Rerun with edited payload…
        </button>
        <ActionButton disabled={!run.waitingFor || !WAKEABLE.has(run.waitingFor.kind)} onRun={() => api.wake(run.id).then(load)} title="End the sleep, delay or retry backoff now">
          Wake
        </ActionButton>
      </div>
      {editing ? (
        <div class="panel">
          <PayloadEditor id="rerun-payload" initial={toJson(run.payload)} schema={task?.payloadSchema} submitLabel="Rerun" onSubmit={(payload) => open(api.replay(run.id, { payload }))} />
        </div>
      ) : null}
      <div class="columns">
        <div>
          <h2>Payload</h2>
          <JsonBlock value={run.payload} />
        </div>
        <div>
          <h2>{run.status === 'failed' ? 'Error' : run.error && !ended ? 'Last attempt error' : 'Result'}</h2>
          {run.error ? <ErrorView error={run.error} /> : run.status === 'completed' ? <JsonBlock value={run.result} /> : <p class="muted">Not ended yet.</p>}
        </div>
      </div>
      <h2>Waterfall</h2>
      <Waterfall events={events} now={now} />
      <h2>Children</h2>
      <RunTree parentId={run.id} />
    </section>
  )
}
