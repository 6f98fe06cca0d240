import type { JSX } from 'preact'
import type { SerializedError } from '../../errors/serialized-error.js'

/** An error with its name, code, message and stack, then each cause in turn. */
export function ErrorView({ error }: { error: SerializedError }): JSX.Element {
  const chain: SerializedError[] = []
  for (let e: SerializedError | undefined = error; e && chain.length < 20; e = e.cause as SerializedError | undefined) chain.push(e)
  return (
    <div class="error-view">
      {chain.map((e, i) => (
        <div class="error-item" key={i}>
          <div class="error-head">
            {i > 0 ? <span class="muted">caused by </span> : null}
            <strong>{e.name}</strong>
            {e.code ? <span class="code"> [{e.code}]</span> : null}: {e.message}
          </div>
          {e.stack ? (
            <details>
              <summary>stack</summary>
              <pre>{e.stack}</pre>
            </details>
          ) : null}
        </div>
      ))}
    </div>
  )
}
