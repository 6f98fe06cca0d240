/**
 * Concurrency for one task: how many attempts run now, and who waits for a slot, first come
 * first served. Sleeping and suspended runs hold no slot.
 */
export class TaskQueue<T> {
  running = 0
  private readonly waiting: T[] = []
  private head = 0

  constructor(readonly limit: number) {}

  hasSlot(): boolean {
    return this.running < this.limit && this.head === this.waiting.length
  }

  wait(item: T): void {
    this.waiting.push(item)
  }

  /** The next waiter, if a slot is free. */
  take(): T | undefined {
    if (this.running >= this.limit || this.head === this.waiting.length) return undefined
    const item = this.waiting[this.head++]!
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head)
      this.head = 0
    }
    return item
  }

  remove(predicate: (item: T) => boolean): void {
    for (let i = this.head; i < this.waiting.length; i++) {
      if (predicate(this.waiting[i]!)) {
        this.waiting.splice(i, 1)
        return
      }
    }
  }

  get waitingCount(): number {
    return this.waiting.length - this.head
  }
}
