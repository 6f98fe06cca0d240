/**
 * What to do when the platform API closes: one set of callbacks, instead of one listener per
 * open long-poll or stream on a shared AbortSignal (which warns past 10 listeners on Node).
 */
export class Closers {
  private readonly fns = new Set<() => void>()
  private isClosed = false

  get closed(): boolean {
    return this.isClosed
  }

  /** Calls `fn` on close (at once if already closed); the returned function unregisters it. */
  add(fn: () => void): () => void {
    if (this.isClosed) {
      fn()
      return () => undefined
    }
    this.fns.add(fn)
    return () => this.fns.delete(fn)
  }

  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    for (const fn of [...this.fns]) fn()
    this.fns.clear()
  }
}
