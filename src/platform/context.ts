import type { Engine } from '../engine/engine.js'
import type { ClockControl } from './clock-control.js'
import type { Closers } from './closers.js'
import type { EventHub } from './event-hub.js'

/** What every route handler gets. */
export interface RouteContext {
  engine: Engine
  request: Request
  url: URL
  params: Record<string, string>
  maxBodyBytes: number
  /** Called when the API is closed: long-polls answer and event streams end. */
  closing: Closers
  /** The event streams of this API. */
  events: EventHub
  /** Test-only: drives the engine's virtual clock until the run ends, before a long-poll answers. */
  drive?: (runId: string) => Promise<void>
  /** Where a long-poll's wait is timed: the engine's clock, or real time (for virtual clocks). */
  waitTimers: 'clock' | 'real'
  /** Reads and (when virtual) moves the engine's clock. */
  clock: ClockControl
}

export type RouteHandler = (ctx: RouteContext) => Promise<Response>
