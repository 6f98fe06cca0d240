import { realClearTimeout, realSetTimeout } from '../model/real-timers.js'
import type { Engine } from '../engine/engine.js'
import type { RunEvent } from '../model/events.js'
import { formatSse } from '../protocol/api-events.js'

export interface EventStreamOptions {
  /** A comment line every this many ms keeps proxies from closing an idle stream; 0 turns it off. Default 15,000. */
  heartbeatMs?: number
  /** Most bytes queued for one client that reads too slowly; past it, its stream ends (it resumes with Last-Event-ID). Default 1 MiB. */
  maxBufferBytes?: number
  /** Recent events the all-runs stream can resume from with Last-Event-ID. Default 1,000. */
  replayEvents?: number
}

/** One open stream, fed frames by the hub. */
export interface StreamClient {
  /** Only this run's events, or every run's. */
  readonly runId: string | undefined
  send(frame: Uint8Array): void
  close(note?: string): void
}

const encoder = new TextEncoder()
const HEARTBEAT = encoder.encode(': heartbeat\n\n')

/**
 * The event streams of one platform API: one engine subscription for all of them, each event
 * serialised once whatever the number of streams, a heartbeat for all, and the recent events
 * of every run so the all-runs stream can resume after `Last-Event-ID`.
 */
export class EventHub {
  readonly heartbeatMs: number
  readonly maxBufferBytes: number
  private readonly replayEvents: number
  private readonly clients = new Set<StreamClient>()
  private readonly recent: { runId: string; index: number; frame: Uint8Array }[] = []
  private readonly frames = new WeakMap<RunEvent, Uint8Array>()
  private unsubscribe: (() => void) | undefined
  private heartbeat: (() => void) | undefined
  private closed = false

  constructor(
    private readonly engine: Engine,
    options: EventStreamOptions,
    private readonly timers: 'clock' | 'real',
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000
    this.maxBufferBytes = options.maxBufferBytes ?? 1_048_576
    this.replayEvents = options.replayEvents ?? 1_000
  }

  /** The SSE frame of an event, serialised once. */
  frameOf(event: RunEvent, index: number): Uint8Array {
    let frame = this.frames.get(event)
    if (!frame) {
      frame = encoder.encode(formatSse({ id: `${event.runId}:${index}`, event: event.type, data: JSON.stringify(event) }))
      this.frames.set(event, frame)
    }
    return frame
  }

  /** Frames of the recent events after `runId:index`, or undefined when that event is no longer held. */
  recentAfter(runId: string, index: number): Uint8Array[] | undefined {
    const at = this.recent.findIndex((e) => e.runId === runId && e.index === index)
    return at === -1 ? undefined : this.recent.slice(at + 1).map((e) => e.frame)
  }

  add(client: StreamClient): () => void {
    if (this.closed) {
      client.close()
      return () => undefined
    }
    this.clients.add(client)
    this.unsubscribe ??= this.engine.subscribe((event, run) => this.publish(event, run.events.length - 1))
    if (!this.heartbeat && this.heartbeatMs > 0) this.armHeartbeat()
    return () => {
      this.clients.delete(client)
      if (this.clients.size === 0) this.stopHeartbeat()
    }
  }

  /** Ends every stream and stops listening. */
  close(): void {
    this.closed = true
    this.stopHeartbeat()
    this.unsubscribe?.()
    for (const client of [...this.clients]) client.close()
    this.clients.clear()
  }

  private publish(event: RunEvent, index: number): void {
    const frame = this.frameOf(event, index)
    this.recent.push({ runId: event.runId, index, frame })
    // Held between replayEvents and twice that, trimmed in one go.
    if (this.recent.length >= 2 * this.replayEvents) this.recent.splice(0, this.recent.length - this.replayEvents)
    for (const client of [...this.clients]) {
      if (client.runId === undefined || client.runId === event.runId) client.send(frame)
    }
  }

  private armHeartbeat(): void {
    const beat = (): void => {
      for (const client of [...this.clients]) client.send(HEARTBEAT)
      if (this.heartbeat) this.armHeartbeat()
    }
    if (this.timers === 'clock') {
      const { clock } = this.engine
      const timer = clock.setTimer(clock.now() + this.heartbeatMs, beat)
      this.heartbeat = () => clock.clearTimer(timer)
    } else {
      const timer = realSetTimeout(beat, this.heartbeatMs)
      this.heartbeat = () => realClearTimeout(timer)
    }
  }

  private stopHeartbeat(): void {
    this.heartbeat?.()
    this.heartbeat = undefined
  }
}
