import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { signIn } from '../api.js'

/**
 * The sign-in of a dashboard served by `backlot server` on the network: the secret key is
 * posted once to /login, which answers with an HttpOnly session cookie; the page never keeps it.
 */
export function SignIn(): JSX.Element {
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signIn(key)
      location.reload()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="sign-in">
      <h1>Sign in</h1>
      <p>This platform needs its secret key (the BACKLOT_SECRET_KEY it was started with) before it shows any run.</p>
      <form onSubmit={submit}>
        <label for="secret-key">Secret key</label>
        <input id="secret-key" type="password" autocomplete="current-password" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} required />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  )
}
