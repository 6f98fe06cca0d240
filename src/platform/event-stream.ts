import type { RunEvent } from '../engine/events.js'
import { isTerminal } from '../engine/run-record.js'
import { RunNotFoundError } from '../errors/input-errors.js'
import { EventStreamQuerySchema, formatSse } from '../protocol/api-events.js'
import { API_HEADERS, API_VERSION } from '../protocol/api-version.js'
import type { RouteContext } from './context.js'
import { parseWith, queryObject } from './read-body.js'

const TERMINAL_EVENTS = new Set<RunEvent['type']>(['run.completed', 'run.failed', 'run.cancelled'])

/**
 * `GET /events[?runId=]` → `text/event-stream` of run events. Each message has
 * `id: <runId>:<index in the run's log>`, `event: <type>` and the event as JSON `data`.
 * With `runId`, the run's past events come first (after `Last-Event-ID`, if sent) and the
 * stream ends after the run ends; without it, every live event of every run, resuming after a
 * `Last-Event-ID` the platform still holds (else an `event: reset` message says to reload).
 */
export async function eventStreamRoute(ctx: RouteContext): Promise<Response> {
  const query = parseWith(EventStreamQuerySchema, queryObject(ctx.url.searchParams), 'the query')
  const runId = query.runId
  const run = runId === undefined ? undefined : ctx.engine.get(runId)
  if (runId !== undefined && !run) throw new RunNotFoundError(runId)
  const lastId = ctx.request.headers.get('last-event-id')
  const after = lastEventIndex(lastId, runId)
  const resumeFrom = runId === undefined ? parseEventId(lastId) : undefined
  const encoder = new TextEncoder()
  let close = (): void => undefined

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false
      const cleanups: (() => void)[] = []
      close = () => {
        if (closed) return
        closed = true
        for (const cleanup of cleanups) cleanup()
        try {
          controller.close()
        } catch {
          // already closed by the reader
        }
      }
      const send = (event: RunEvent, index: number): void => {
        if (closed) return
        try {
          controller.enqueue(encoder.encode(formatSse({ id: `${event.runId}:${index}`, event: event.type, data: JSON.stringify(event) })))
        } catch {
          close()
        }
      }
      controller.enqueue(encoder.encode(': backlot event stream\n\n'))
      if (!run && resumeFrom) {
        const missed = ctx.events.after(resumeFrom.runId, resumeFrom.index)
        if (missed) for (const item of missed) send(item.event, item.index)
        else controller.enqueue(encoder.encode(formatSse({ event: 'reset', data: '{}' })))
      }
      if (run) {
        run.events.forEach((event, index) => {
          if (index > after) send(event, index)
        })
        if (isTerminal(run.status)) return close()
      }
      cleanups.push(
        ctx.engine.subscribe((event, state) => {
          if (runId !== undefined && event.runId !== runId) return
          send(event, state.events.length - 1)
          if (runId !== undefined && TERMINAL_EVENTS.has(event.type)) close()
        }),
      )
      for (const signal of [ctx.request.signal, ctx.closing]) {
        if (signal.aborted) return close()
        signal.addEventListener('abort', close, { once: true })
        cleanups.push(() => signal.removeEventListener('abort', close))
      }
    },
    cancel() {
      close()
    },
  })

  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      [API_HEADERS.apiVersion]: String(API_VERSION),
    },
  })
}

function lastEventIndex(header: string | null, runId: string | undefined): number {
  if (runId === undefined) return -1
  const parsed = parseEventId(header)
  return parsed && parsed.runId === runId ? parsed.index : -1
}

function parseEventId(header: string | null): { runId: string; index: number } | undefined {
  if (header === null) return undefined
  const colon = header.lastIndexOf(':')
  const index = Number(header.slice(colon + 1))
  return colon > 0 && Number.isInteger(index) ? { runId: header.slice(0, colon), index } : undefined
}
