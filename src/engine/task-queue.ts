/**
 * Concurrency for one task: how many attempts run now, and who waits for a slot, first come
 * first served. Sleeping and suspended runs hold no slot. Each wait gets a ticket; removing a
 * waiter (a cancel) only forgets its ticket (O(1)) and the line skips it when it gets there.
 */
export class TaskQueue<T> {
  running = 0
  private readonly line: { item: T; ticket: number }[] = []
  private head = 0
  private readonly tickets = new Map<T, number>()
  private nextTicket = 0

  constructor(readonly limit: number) {}

  hasSlot(): boolean {
    return this.running < this.limit && this.tickets.size === 0
  }

  wait(item: T): void {
    const ticket = this.nextTicket++
    this.tickets.set(item, ticket)
    this.line.push({ item, ticket })
  }

  /** The next waiter, if a slot is free. */
  take(): T | undefined {
    if (this.running >= this.limit) return undefined
    while (this.head < this.line.length) {
      const { item, ticket } = this.line[this.head++]!
      this.compact()
      if (this.tickets.get(item) !== ticket) continue // removed, or queued again further back
      this.tickets.delete(item)
      return item
    }
    return undefined
  }

  /** Drops a waiter (a cancelled run) from the line. */
  remove(item: T): void {
    this.tickets.delete(item)
  }

  get waitingCount(): number {
    return this.tickets.size
  }

  // Drops the taken front of the line once it is most of it, so memory follows the line.
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.line.length) {
      this.line.splice(0, this.head)
      this.head = 0
    }
  }
}
