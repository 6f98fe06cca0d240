import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { RunSummary } from '../../protocol/api-run-query.js'
import { api } from '../api.js'
import { useLiveRefresh } from '../live.js'
import { Link } from '../router.js'
import { StatusBadge } from './status.js'

/** A run's children with their status, each opening onto its own children (loaded when opened). */
export function RunTree({ parentId, depth = 0 }: { parentId: string; depth?: number }): JSX.Element | null {
  const [children, setChildren] = useState<RunSummary[] | null>(null)
  const load = (): void => {
    api.listRuns(new URLSearchParams({ parentId, view: 'summary', limit: '200' })).then((p) => setChildren(p.runs), () => setChildren([]))
  }
  useEffect(load, [parentId])
  useLiveRefresh(load, (e) => e.runId === parentId || (children?.some((c) => c.id === e.runId) ?? false), 400)
  if (children === null) return depth === 0 ? <p class="muted">Loading children…</p> : null
  if (children.length === 0) return depth === 0 ? <p class="muted">No children.</p> : null
  return (
    <ul class={depth === 0 ? 'tree' : 'tree nested'}>
      {children.map((child) => (
        <TreeNode key={child.id} run={child} depth={depth} />
      ))}
    </ul>
  )
}

function TreeNode({ run, depth }: { run: RunSummary; depth: number }): JSX.Element {
  const [open, setOpen] = useState(depth < 1)
  return (
    <li>
      {run.childCount > 0 ? (
        <button type="button" class="twisty" aria-expanded={open} aria-label={open ? 'Hide children' : 'Show children'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span class="twisty-space" />
      )}
      <Link href={`/runs/${encodeURIComponent(run.id)}`} class="mono">
        {run.id}
      </Link>{' '}
      <span>{run.taskId}</span> <StatusBadge status={run.status} />
      {run.childCount > 0 ? <span class="muted small"> {run.childCount} {run.childCount === 1 ? "child" : "children"}</span> : null}
      {open && run.childCount > 0 ? <RunTree parentId={run.id} depth={depth + 1} /> : null}
    </li>
  )
}
