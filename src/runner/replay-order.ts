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
  private pumping: Promise<void> | undefined

  constructor(seqs: readonly number[]) {
    this.sorted = [...seqs].sort((a, b) => a - b)
    this.pending = new Set(seqs)
  }

  /** Resolves when it is the turn of the entry that completed `seq`-th. */
  turn(seq: number): Promise<void> {
    if (!this.pending.has(seq)) return Promise.resolve()
    return new Promise((resolve) => {
      this.asked.set(seq, resolve)
      this.pumping ??= this.pump().finally(() => (this.pumping = undefined))
    })
  }

  /** Settles once every entry asked for so far has been released; undefined when none waits. */
  get busy(): Promise<void> | undefined {
    return this.pumping
  }

  private async pump(): Promise<void> {
    let hold = 0
    let stalled = 0
    while (this.asked.size > 0) {
      await null
      if (hold > 0) {
        hold--
        continue
      }
      const head = this.head()
      if (this.asked.has(head)) {
        this.release(head)
        stalled = 0
        // Entries the handler already waits on must let this one's continuation run first.
        if (this.asked.size > 0 && this.asked.has(this.head())) hold = HOLD_TURNS
      } else if (++stalled >= STALL_TURNS) {
        this.release(Math.min(...this.asked.keys()))
        stalled = 0
      }
    }
  }

  /** The earliest sequence number not yet released (call only while some entry is asked for). */
  private head(): number {
    while (!this.pending.has(this.sorted[this.next]!)) this.next++
    return this.sorted[this.next]!
  }

  private release(seq: number): void {
    const resolve = this.asked.get(seq)!
    this.asked.delete(seq)
    this.pending.delete(seq)
    resolve()
  }
}
