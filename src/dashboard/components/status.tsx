import type { JSX } from 'preact'

/** A run status as a coloured label (colour and text: readable without colour too). */
export function StatusBadge({ status }: { status: string }): JSX.Element {
  return <span class={`status status-${status}`}>{status}</span>
}
