import type { RunEvent } from '../model/events.js'
import { isTerminal } from '../model/run-record.js'
import { RunNotFoundError } from '../errors/input-errors.js'
import { EventStreamQuerySchema } from '../protocol/api-events.js'
import { API_HEADERS, API_VERSION } from '../protocol/api-version.js'
import type { RouteContext } from './context.js'
import type { StreamClient } from './event-hub.js'
import { parseWith, queryObject } from './read-body.js'

const TERMINAL_EVENTS = new Set<RunEvent['type']>(['run.completed', 'run.failed', 'run.cancelled'])
const encoder = new TextEncoder()

/**
 * `GET /events[?runId=]` → `text/event-stream` of run events. Each message has
 * `id: <runId>:<index in the run's log>`, `event: <type>` and the event as JSON `data`.
 * With `runId`, the run's past events come first (after `Last-Event-ID`, if sent) and the
 * stream ends after the run ends; without it, every live event of every run (after
 * `Last-Event-ID`, if the platform still holds that event). A heartbeat comment keeps idle
 * streams open; a client that falls `maxBufferBytes` behind is cut off and resumes.
 */
export async function eventStreamRoute(ctx: RouteContext): Promise<Response> {
  const query = parseWith(EventStreamQuerySchema, queryObject(ctx.url.searchParams), 'the query')
  const runId = query.runId
  const run = runId === undefined ? undefined : ctx.engine.get(runId)
  if (runId !== undefined && !run) throw new RunNotFoundError(runId)
  const last = lastEventId(ctx.request.headers.get('last-event-id'))
  const hub = ctx.events
  let close = (): void => undefined

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false
        const cleanups: (() => void)[] = []
        const client: StreamClient = {
          runId,
          send(frame) {
            if (closed) return
            controller.enqueue(frame)
            if ((controller.desiredSize ?? 0) < 0) {
              client.close(`this client fell more than ${hub.maxBufferBytes} bytes behind; reconnect with Last-Event-ID to resume`)
            }
          },
          close(note) {
            if (closed) return
            closed = true
            for (const cleanup of cleanups) cleanup()
            try {
              if (note) controller.enqueue(encoder.encode(`: ${note}\n\n`))
              controller.close()
            } catch {
              // already closed by the reader
            }
          },
        }
        close = () => client.close()
        controller.enqueue(encoder.encode(': backlot event stream\n\n'))
        if (run) {
          const after = last !== undefined && last.runId === runId ? last.index : -1
          run.events.forEach((event, index) => {
            if (index > after) client.send(hub.frameOf(event, index))
          })
          if (isTerminal(run.status)) return client.close()
        } else if (last) {
          const missed = hub.recentAfter(last.runId, last.index)
          if (missed) for (const frame of missed) client.send(frame)
          else client.send(encoder.encode(`: events after ${last.runId}:${last.index} are no longer held; live events follow\n\n`))
        }
        if (closed) return
        cleanups.push(hub.add(client))
        if (runId !== undefined) {
          cleanups.push(
            ctx.engine.subscribe((event) => {
              if (event.runId === runId && TERMINAL_EVENTS.has(event.type)) queueMicrotask(() => client.close())
            }),
          )
        }
        const signal = ctx.request.signal
        if (signal.aborted) return client.close()
        signal.addEventListener('abort', close, { once: true })
        cleanups.push(() => signal.removeEventListener('abort', close))
        cleanups.push(ctx.closing.add(close))
      },
      cancel() {
        close()
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: hub.maxBufferBytes }),
  )

  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      [API_HEADERS.apiVersion]: String(API_VERSION),
    },
  })
}

function lastEventId(header: string | null): { runId: string; index: number } | undefined {
  if (header === null) return undefined
  const colon = header.lastIndexOf(':')
  const index = Number(header.slice(colon + 1))
  return colon > 0 && Number.isInteger(index) ? { runId: header.slice(0, colon), index } : undefined
}
