import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ClockState } from '../protocol/api-clock.js'
import { api, SIGN_IN_REQUIRED } from './api.js'
import { formatTime } from './format.js'
import { InspectBanner } from './components/inspect-banner.js'
import { SignIn } from './components/sign-in.js'
import { useShortcuts } from './keyboard.js'
import { useLiveRefresh } from './live.js'
import { ClockPage } from './pages/clock-page.js'
import { CronsPage } from './pages/crons-page.js'
import { RunPage } from './pages/run-page.js'
import { RunsPage } from './pages/runs-page.js'
import { TasksPage } from './pages/tasks-page.js'
import { Link, navigate, useLocation } from './router.js'

/** Served from this machine (backlot dev, a test engine), not a deployed platform. */
const IS_LOCAL = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname) || location.hostname.endsWith('.localhost')

const NAV = [
  ['/runs', 'Runs', 'g r'],
  ['/tasks', 'Tasks', 'g t'],
  ['/crons', 'Crons', 'g c'],
  ['/clock', 'Clock', 'g k'],
] as const

/** The shell: LOCAL badge, navigation, the engine's clock, and the page of the current route. */
export function App(): JSX.Element {
  const { path, query } = useLocation()
  const [clock, setClock] = useState<ClockState | null>(null)
  const [signIn, setSignIn] = useState(false)
  useEffect(() => {
    const show = (): void => setSignIn(true)
    window.addEventListener(SIGN_IN_REQUIRED, show)
    return () => window.removeEventListener(SIGN_IN_REQUIRED, show)
  }, [])
  const loadClock = (): void => void api.clock().then(setClock, () => undefined)
  useEffect(loadClock, [])
  useLiveRefresh(loadClock, () => true, 500)
  useShortcuts()
  useEffect(() => {
    if (path === '/') navigate('/runs', true)
  }, [path])
  const section = '/' + (path.split('/')[1] ?? '')
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">backlot</span>
        {IS_LOCAL ? (
          <span class="badge-local" title="This dashboard talks to a local backlot platform">
            LOCAL
          </span>
        ) : null}
        <nav aria-label="Sections">
          {NAV.map(([href, label, keys]) => (
            <span key={href} class={section === href ? 'nav-current' : ''}>
              <Link href={href} title={`${label} (${keys})`}>
                {label}
              </Link>
            </span>
          ))}
        </nav>
        <span class="clock-chip" title={clock?.virtual ? 'Virtual time of the engine' : 'Engine time'}>
          {clock ? (
            <>
              {clock.virtual ? 'virtual time ' : 'time '}
              <span class="mono" id="clock-chip-now">{formatTime(clock.now)}</span>
            </>
          ) : null}
        </span>
      </header>
      <InspectBanner />
      <main id="main" tabIndex={-1}>
        {signIn ? <SignIn /> : <Page path={path} query={query} clock={clock} setClock={setClock} />}
      </main>
    </>
  )
}

function Page({ path, query, clock, setClock }: { path: string; query: URLSearchParams; clock: ClockState | null; setClock: (c: ClockState) => void }): JSX.Element {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'runs' && parts[1]) return <RunPage runId={parts[1]} />
  if (parts[0] === 'runs' || parts.length === 0) return <RunsPage query={query} />
  if (parts[0] === 'tasks') return <TasksPage selected={parts[1]} />
  if (parts[0] === 'crons') return <CronsPage />
  if (parts[0] === 'clock') return <ClockPage clock={clock} onChange={setClock} />
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No page at <code>{path}</code>. <Link href="/runs">Go to runs</Link>
      </p>
    </section>
  )
}
