import { nextTurn } from '../model/turns.js'

/**
 * Microtask turns a released entry's continuation gets to run (a `.then` that sets a flag, a
 * `Promise.race` that settles) before the next entry, already asked for, is released.
 */
const HOLD_TURNS = 10
/**
 * Microtask turns to wait for the handler to ask for the next entry in completion order before
 * giving up on it (the code changed, or asks for it only later) and releasing the earliest one
 * it did ask for.
 */
const STALL_TURNS = 50

/**
 * Settles journaled steps in the order they completed originally, not the order the handler
 * asks for them: a step asked for is released only when every step that completed before it has
 * been released, one at a time, with a few microtask turns between them. So a `Promise.race` of
 * two journaled steps keeps its winner, and a flag set by one sleep's `.then` is set before the
 * code after a later sleep reads it.
 */
export class ReplayOrder {
  /** Every sequence number of the journal, ascending; those before `next` are all released. */
  private readonly sorted: number[]
  private next = 0
  private readonly pending: Set<number>
  private readonly asked = new Map<number, () => void>()
  // The pump runs on nextTurn (one microtask, no async resource), not on awaited promises: with
  // async context tracking on, every promise costs, and a replay of thousands of steps takes a
  // turn or more per step.
  private pumping = false
  private hold = 0
  private stalled = 0
  private idle: { promise: Promise<void>; resolve: () => void } | undefined
  private readonly tick = (): void => this.step()

  constructor(seqs: readonly number[]) {
    this.sorted = [...seqs].sort((a, b) => a - b)
    this.pending = new Set(seqs)
  }

  /** Settles with `settle()` (or rejects with what it throws) when it is the turn of the entry that completed `seq`-th. */
  turn<T>(seq: number, settle: () => T): Promise<T> {
    if (!this.pending.has(seq)) return new Promise<T>((resolve) => resolve(settle()))
    return new Promise<T>((resolve, reject) => {
      this.asked.set(seq, () => {
        try {
          resolve(settle())
        } catch (error) {
          reject(error)
        }
      })
      if (!this.pumping) {
        this.pumping = true
        this.hold = this.stalled = 0
        nextTurn(this.tick)
      }
    })
  }

  /** Settles once every entry asked for so far has been released; undefined when none waits. */
  get busy(): Promise<void> | undefined {
    if (!this.pumping) return undefined
    if (!this.idle) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => (resolve = r))
      this.idle = { promise, resolve }
    }
    return this.idle.promise
  }

  /** One microtask turn of the pump. */
  private step(): void {
    if (this.hold > 0) this.hold--
    else {
      const head = this.head()
      if (this.asked.has(head)) {
        this.release(head)
        this.stalled = 0
        // Entries the handler already waits on must let this one's continuation run first.
        if (this.asked.size > 0 && this.asked.has(this.head())) this.hold = HOLD_TURNS
      } else if (++this.stalled >= STALL_TURNS) {
        // Skip the entries before it for good: asked for later, they settle at once.
        const earliest = Math.min(...this.asked.keys())
        while (this.sorted[this.next]! < earliest) this.pending.delete(this.sorted[this.next++]!)
        this.release(earliest)
        this.stalled = 0
      }
    }
    if (this.asked.size > 0) {
      nextTurn(this.tick)
      return
    }
    this.pumping = false
    const idle = this.idle
    this.idle = undefined
    idle?.resolve()
  }

  /** The earliest sequence number not yet released (call only while some entry is asked for). */
  private head(): number {
    while (!this.pending.has(this.sorted[this.next]!)) this.next++
    return this.sorted[this.next]!
  }

  private release(seq: number): void {
    const settle = this.asked.get(seq)!
    this.asked.delete(seq)
    this.pending.delete(seq)
    settle()
  }
}
