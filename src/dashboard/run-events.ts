import { useEffect, useState } from 'preact/hooks'
import type { RunEvent } from '../model/events.js'
import { EVENTS_URL } from './api.js'
import { EVENT_TYPES } from './live.js'

const TERMINAL = new Set(['run.completed', 'run.failed', 'run.cancelled'])

/**
 * A run's event log, past events first and then live, over the run's own event stream
 * (closed once the run has ended, so the browser does not reconnect to a finished stream).
 */
export function useRunEvents(runId: string): RunEvent[] {
  const [events, setEvents] = useState<RunEvent[]>([])
  useEffect(() => {
    setEvents([])
    const source = new EventSource(`${EVENTS_URL}?runId=${encodeURIComponent(runId)}`)
    let buffer: RunEvent[] = []
    let scheduled = false
    const onEvent = (e: MessageEvent<string>): void => {
      const event = JSON.parse(e.data) as RunEvent
      buffer.push(event)
      if (TERMINAL.has(event.type)) source.close()
      if (scheduled) return
      scheduled = true
      queueMicrotask(() => {
        scheduled = false
        const batch = buffer
        buffer = []
        setEvents((prev) => [...prev, ...batch])
      })
    }
    for (const t of EVENT_TYPES) source.addEventListener(t, onEvent as EventListener)
    return () => source.close()
  }, [runId])
  return events
}
