import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { checkPayloadText } from '../payload-check.js'

/**
 * A JSON payload editor: checked against the task's JSON Schema on every edit, refused inline
 * (not sent) while invalid, and the platform's own refusal shown in the same place.
 */
export function PayloadEditor(props: { initial: string; schema?: Record<string, unknown>; submitLabel: string; onSubmit: (payload: unknown) => Promise<unknown>; id?: string }): JSX.Element {
  const [text, setText] = useState(props.initial)
  const [problems, setProblems] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const check = (value: string): ReturnType<typeof checkPayloadText> => {
    const result = checkPayloadText(value, props.schema)
    setProblems(result.ok ? [] : result.problems)
    return result
  }
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    const result = check(text)
    if (!result.ok) return
    setBusy(true)
    try {
      await props.onSubmit(result.value)
    } catch (error) {
      setProblems([(error as Error).message])
    } finally {
      setBusy(false)
    }
  }
  const errorId = `${props.id ?? 'payload'}-errors`
  return (
    <form class="payload-editor" onSubmit={(e) => void submit(e)}>
      <label>
        Payload (JSON)
        <textarea
          id={props.id ?? 'payload'}
          rows={8}
          spellcheck={false}
          value={text}
          aria-invalid={problems.length > 0}
          aria-describedby={errorId}
          onInput={(e) => {
            setText(e.currentTarget.value)
            check(e.currentTarget.value)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(e)
          }}
        />
      </label>
      <div id={errorId} class="problems" role="alert">
        {problems.map((p, i) => (
          <div class="inline-error" key={i}>
            {p}
          </div>
        ))}
      </div>
      <button type="submit" disabled={busy}>
        {props.submitLabel}
      </button>
      <span class="muted small"> Ctrl+Enter sends</span>
    </form>
  )
}
