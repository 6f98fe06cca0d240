/**
 * Signatures seen within the tolerance window, so a captured request cannot be sent again.
 * An entry is kept until its timestamp leaves the window (a request that old is refused as
 * stale anyway), never dropped early: when the cache is full of live entries, `add` refuses
 * (serve() answers 503) rather than forget a signature that could then be replayed.
 * Per process: several app instances each keep their own.
 *
 * @example
 * const seen = new ReplayCache({ maxEntries: 100_000 })
 * await verifySignature(body, header, { signingKey, replayCache: seen })
 */
export class ReplayCache {
  private readonly entries = new Map<string, { seenAt: number; expiresAt: number }>()
  readonly maxEntries: number
  /** While full: the earliest time an entry expires, so a full cache is not swept on every request. */
  private fullUntil = Number.NEGATIVE_INFINITY

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000)
  }

  /** When the signature was first accepted (epoch ms), if it is still within its window. */
  seenAt(signature: string, nowMs: number): number | undefined {
    const entry = this.entries.get(signature)
    return entry && entry.expiresAt > nowMs ? entry.seenAt : undefined
  }

  /**
   * Records an accepted signature until `expiresAt` (epoch ms). False, recording nothing, when
   * the cache is full of signatures still within their window.
   */
  add(signature: string, nowMs: number, expiresAt: number): boolean {
    // Entries are roughly in expiry order: drop the expired ones at the front.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > nowMs) break
      this.entries.delete(key)
    }
    if (this.entries.size >= this.maxEntries) {
      if (nowMs < this.fullUntil) return false
      let earliest = Number.POSITIVE_INFINITY
      for (const [key, entry] of this.entries) {
        if (entry.expiresAt <= nowMs) this.entries.delete(key)
        else earliest = Math.min(earliest, entry.expiresAt)
      }
      if (this.entries.size >= this.maxEntries) {
        this.fullUntil = earliest
        return false
      }
    }
    this.entries.set(signature, { seenAt: nowMs, expiresAt })
    return true
  }

  /** Signatures held right now. */
  get size(): number {
    return this.entries.size
  }
}
