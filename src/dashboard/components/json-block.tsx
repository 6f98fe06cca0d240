import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { capped, toJson } from '../format.js'

/**
 * A JSON value as text. Large values are shown cut (10 kB) until asked for in full. Every value
 * is a text node: markup in a payload shows as characters and never runs.
 */
export function JsonBlock({ value, label }: { value: unknown; label?: string }): JSX.Element {
  const [full, setFull] = useState(false)
  const { text, cut } = full ? { text: toJson(value), cut: 0 } : capped(value)
  return (
    <div class="json">
      {label ? <div class="json-label">{label}</div> : null}
      <pre>{text}</pre>
      {cut > 0 ? (
        <button type="button" class="link" onClick={() => setFull(true)}>
          Show {cut.toLocaleString()} more characters
        </button>
      ) : null}
    </div>
  )
}

/** A step result loaded only when opened (its size shown first). */
export function LazyResult({ value }: { value: unknown }): JSX.Element {
  const [open, setOpen] = useState(false)
  const size = toJson(value).length
  if (!open) {
    return (
      <button type="button" class="link" onClick={() => setOpen(true)}>
        result ({size.toLocaleString()} chars)
      </button>
    )
  }
  return <JsonBlock value={value} />
}
