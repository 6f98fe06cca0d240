import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { inspectSession } from '../api.js'
import { ActionButton } from './action-button.js'

/** Shown when a test paused in `engine.inspect()`: its Continue button lets the test go on. */
export function InspectBanner(): JSX.Element | null {
  const [state, setState] = useState<'none' | 'paused' | 'continued'>('none')
  useEffect(() => void inspectSession.status().then((paused) => paused && setState('paused')), [])
  if (state === 'none') return null
  return (
    <div class="inspect-banner" role="status">
      {state === 'paused' ? (
        <>
          <strong>A test is paused in engine.inspect().</strong> Look around, then
          <ActionButton onRun={() => inspectSession.resume().then(() => setState('continued'))}>Continue test</ActionButton>
        </>
      ) : (
        <span>The test goes on; this page stops answering when it ends.</span>
      )}
    </div>
  )
}
