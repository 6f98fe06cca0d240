import type { ComponentChildren, JSX } from 'preact'
import { useState } from 'preact/hooks'

/** A button that runs an API call, shows that it is busy, and shows the platform's refusal inline. */
export function ActionButton(props: { onRun: () => Promise<unknown>; children: ComponentChildren; danger?: boolean; disabled?: boolean; title?: string }): JSX.Element {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await props.onRun()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <span class="action">
      <button type="button" class={props.danger ? 'danger' : ''} disabled={busy || props.disabled} title={props.title} onClick={() => void run()}>
        {props.children}
      </button>
      {error ? (
        <span class="inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  )
}
