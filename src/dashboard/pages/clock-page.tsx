import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ClockState } from '../../protocol/api-clock.js'
import { api } from '../api.js'
import { ActionButton } from '../components/action-button.js'
import { formatTime } from '../format.js'

/** The engine's time beside the wall time, and the controls of a virtual clock. */
export function ClockPage({ clock, onChange }: { clock: ClockState | null; onChange: (c: ClockState) => void }): JSX.Element {
  const [duration, setDuration] = useState('1m')
  const [wall, setWall] = useState(Date.now())
  // The wall clock ticks here, in the page: nothing is asked of the platform.
  useEffect(() => {
    const timer = window.setInterval(() => setWall(Date.now()), 1_000)
    return () => window.clearInterval(timer)
  }, [])
  if (!clock) return <p class="muted">Loading…</p>
  return (
    <section>
      <h1>Clock</h1>
      <div class="clock-faces">
        <div class="clock-face">
          <div class="muted small">{clock.virtual ? 'Virtual time (engine)' : 'Engine time (system clock)'}</div>
          <div class="big mono" id="virtual-now">{formatTime(clock.now)}</div>
        </div>
        <div class="clock-face">
          <div class="muted small">Wall time</div>
          <div class="big mono">{formatTime(wall)}</div>
        </div>
      </div>
      <dl class="facts">
        <dt>Next timer</dt>
        <dd class="mono" id="next-timer">{formatTime(clock.nextTimerAt)}</dd>
        <dt>Active runs</dt>
        <dd id="active-runs">{clock.activeRuns}</dd>
      </dl>
      {clock.virtual ? (
        <div class="toolbar clock-controls">
          <form
            onSubmit={(e) => {
              e.preventDefault()
            }}
          >
            <label>
              Advance by{' '}
              <input id="advance-by" value={duration} size={8} onInput={(e) => setDuration(e.currentTarget.value)} />
            </label>{' '}
            <ActionButton onRun={() => api.advance(duration).then(onChange)}>Advance</ActionButton>
          </form>
          <ActionButton onRun={() => api.nextTimer().then(onChange)}>To next timer</ActionButton>
          <ActionButton onRun={() => api.runUntilIdle().then(onChange)}>Run until idle</ActionButton>
        </div>
      ) : (
        <p class="muted">The engine runs on the system clock: time moves by itself. Start it with a virtual clock to control time.</p>
      )}
    </section>
  )
}
