import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { TaskStats } from '../../protocol/api-tasks.js'
import { api } from '../api.js'
import { formatDuration } from '../format.js'
import { useLiveRefresh } from '../live.js'

const ORDER = ['completed', 'failed', 'cancelled', 'running', 'pending'] as const

/** Runs per minute by status over the last 30 minutes of the engine's clock, and p50 / p95 duration. */
export function TaskChart({ taskId }: { taskId: string }): JSX.Element {
  const [stats, setStats] = useState<TaskStats | null>(null)
  const load = (): void => void api.taskStats(taskId).then(setStats, () => undefined)
  useEffect(load, [taskId])
  useLiveRefresh(load, (e) => e.type === 'run.triggered' || e.type.startsWith('run.'), 1_000)
  if (!stats) return <div class="chart muted small">…</div>
  const max = Math.max(1, ...stats.perMinute.map((b) => ORDER.reduce((n, s) => n + b[s], 0)))
  const w = 6
  const h = 40
  return (
    <div class="chart">
      <svg width={stats.perMinute.length * w} height={h} role="img" aria-label={`Runs per minute of ${taskId}, last ${stats.perMinute.length} minutes`}>
        {stats.perMinute.map((b, i) => {
          let y = h
          return ORDER.map((s) => {
            const height = (b[s] / max) * h
            y -= height
            return height > 0 ? <rect key={`${i}-${s}`} class={`bar-${s}`} x={i * w} y={y} width={w - 1} height={height} /> : null
          })
        })}
      </svg>
      <div class="small muted">
        runs/min (30 min) · p50 {formatDuration(stats.duration.p50)} · p95 {formatDuration(stats.duration.p95)} · {stats.duration.count} ended
      </div>
    </div>
  )
}
