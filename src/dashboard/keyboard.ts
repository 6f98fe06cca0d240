import { useEffect } from 'preact/hooks'
import { navigate } from './router.js'

const GO: Record<string, string> = { r: '/runs', t: '/tasks', c: '/crons', k: '/clock' }

/** Global keys: `g r` runs, `g t` tasks, `g c` crons, `g k` clock, `/` search runs. Ignored while typing. */
export function useShortcuts(): void {
  useEffect(() => {
    let pendingG = false
    const onKey = (e: KeyboardEvent): void => {
      if (e.metaKey || e.ctrlKey || e.altKey) return
      if ((e.target as HTMLElement | null)?.closest('input,textarea,select,[contenteditable]')) return
      if (pendingG && GO[e.key]) {
        pendingG = false
        e.preventDefault()
        navigate(GO[e.key]!)
        return
      }
      pendingG = e.key === 'g'
      if (e.key === '/') {
        e.preventDefault()
        if (!location.pathname.startsWith('/runs') || location.pathname.split('/').length > 2) navigate('/runs')
        setTimeout(() => document.getElementById('run-search')?.focus(), 0)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
