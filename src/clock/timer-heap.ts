/** What the heap orders: due time, then rank, then insertion sequence. */
export interface HeapEntry {
  at: number
  /** Among entries due at the same instant, a lower rank comes first. */
  rank: number
  /** Insertion order: same-instant, same-rank entries come out first-in first-out. */
  seq: number
  /** Position in the heap, -1 when not in it; lets `remove` find an entry without a scan. */
  index: number
}

/**
 * A binary min-heap of timers: O(1) to see the earliest, O(log n) to add, take or remove one.
 * It replaces a scan of every pending timer per clock jump, which made n sleeping runs cost
 * O(n²) to wake.
 */
export class TimerHeap<T extends HeapEntry> {
  private readonly items: T[] = []

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  has(entry: T): boolean {
    return entry.index >= 0 && this.items[entry.index] === entry
  }

  push(entry: T): void {
    entry.index = this.items.length
    this.items.push(entry)
    this.up(entry.index)
  }

  /** Takes `entry` out wherever it sits; false if it is not in this heap. */
  remove(entry: T): boolean {
    if (!this.has(entry)) return false
    const i = entry.index
    const last = this.items.pop()!
    entry.index = -1
    if (last !== entry) {
      this.items[i] = last
      last.index = i
      if (i > 0 && before(last, this.items[(i - 1) >> 1]!)) this.up(i)
      else this.down(i)
    }
    return true
  }

  private up(i: number): void {
    const items = this.items
    const entry = items[i]!
    while (i > 0) {
      const p = (i - 1) >> 1
      const parent = items[p]!
      if (!before(entry, parent)) break
      items[i] = parent
      parent.index = i
      i = p
    }
    items[i] = entry
    entry.index = i
  }

  private down(i: number): void {
    const items = this.items
    const n = items.length
    const entry = items[i]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && before(items[r]!, items[l]!) ? r : l
      const child = items[c]!
      if (!before(child, entry)) break
      items[i] = child
      child.index = i
      i = c
    }
    items[i] = entry
    entry.index = i
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  if (a.at !== b.at) return a.at < b.at
  if (a.rank !== b.rank) return a.rank < b.rank
  return a.seq < b.seq
}
