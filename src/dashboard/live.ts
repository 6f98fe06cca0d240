import { useEffect, useRef } from 'preact/hooks'
import type { RunEvent } from '../model/events.js'
import { EVENTS_URL } from './api.js'

type Handler = (event: RunEvent) => void
const handlers = new Set<Handler>()
let source: EventSource | undefined

// One EventSource for every live view. The browser reconnects by itself and sends
// Last-Event-ID; the platform replays the events it still holds that came after it.
function ensureSource(): void {
  if (source) return
  source = new EventSource(EVENTS_URL)
  source.onmessage = () => undefined
  const forward = (e: MessageEvent<string>): void => {
    let event: RunEvent
    try {
      event = JSON.parse(e.data) as RunEvent
    } catch {
      return
    }
    for (const h of handlers) h(event)
  }
  for (const type of EVENT_TYPES) source.addEventListener(type, forward as EventListener)
}

/** Every event type the platform streams (an EventSource needs a listener per type). */
export const EVENT_TYPES: RunEvent['type'][] = [
  'run.triggered', 'run.waiting', 'attempt.started', 'step.completed', 'step.failed', 'sleep.started', 'sleep.completed',
  'child.spawned', 'child.waiting', 'child.ended', 'log', 'attempt.suspended', 'attempt.failed', 'run.completed', 'run.failed', 'run.cancelled',
]

/**
 * Calls `refresh` after run events that `matters` accepts (every event by default), at most
 * once per `everyMs`: live updates pushed by the platform, no polling.
 */
export function useLiveRefresh(refresh: () => void, matters: (event: RunEvent) => boolean = () => true, everyMs = 300): void {
  const ref = useRef({ refresh, matters })
  ref.current = { refresh, matters }
  useEffect(() => {
    ensureSource()
    let timer: number | undefined
    const handler: Handler = (event) => {
      if (!ref.current.matters(event)) return
      if (timer !== undefined) return
      timer = window.setTimeout(() => {
        timer = undefined
        ref.current.refresh()
      }, everyMs)
    }
    handlers.add(handler)
    return () => {
      handlers.delete(handler)
      if (timer !== undefined) window.clearTimeout(timer)
    }
  }, [everyMs])
}
