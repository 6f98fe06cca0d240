import type { Engine } from '../engine/engine.js'
import type { RunEvent } from '../engine/events.js'

/** One event of the all-runs stream: the event and its index in its run's log (its SSE id is `<runId>:<index>`). */
export interface BufferedEvent {
  event: RunEvent
  index: number
}

/**
 * The most recent events of every run, in the order they happened, so the all-runs event
 * stream can resume after a `Last-Event-ID` it still holds. Bounded: the oldest fall off.
 */
export class EventBuffer {
  private readonly ring: (BufferedEvent | undefined)[]
  private next = 0
  private count = 0
  private readonly off: () => void

  constructor(engine: Engine, readonly capacity = 10_000) {
    this.ring = new Array(capacity)
    this.off = engine.subscribe((event, run) => {
      this.ring[this.next] = { event, index: run.events.length - 1 }
      this.next = (this.next + 1) % capacity
      if (this.count < capacity) this.count++
    })
  }

  /** The events after the one with this id, oldest first; undefined when that event is no longer held. */
  after(runId: string, index: number): BufferedEvent[] | undefined {
    const out: BufferedEvent[] = []
    for (let i = 1; i <= this.count; i++) {
      const item = this.ring[(this.next - i + this.capacity) % this.capacity]!
      if (item.event.runId === runId && item.index === index) return out.reverse()
      out.push(item)
    }
    return undefined
  }

  close(): void {
    this.off()
  }
}
