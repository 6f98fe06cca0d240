/**
 * Signatures seen within the tolerance window, so a captured request cannot be sent again.
 * Bounded: when full, the oldest entries go first. An entry is only needed until its
 * timestamp leaves the window, since a request that old is refused as stale anyway.
 * Per process: several app instances each keep their own.
 *
 * @example
 * const seen = new ReplayCache({ maxEntries: 10_000 })
 * await verifySignature(body, header, { signingKey, replayCache: seen })
 */
export class ReplayCache {
  private readonly entries = new Map<string, { seenAt: number; expiresAt: number }>()
  readonly maxEntries: number

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000)
  }

  /** When the signature was first accepted (epoch ms), if it is still within its window. */
  seenAt(signature: string, nowMs: number): number | undefined {
    const entry = this.entries.get(signature)
    return entry && entry.expiresAt > nowMs ? entry.seenAt : undefined
  }

  /** Records an accepted signature until `expiresAt` (epoch ms). */
  add(signature: string, nowMs: number, expiresAt: number): void {
    // Oldest first: drop expired entries at the front, then whatever exceeds the bound.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > nowMs && this.entries.size < this.maxEntries) break
      this.entries.delete(key)
    }
    this.entries.set(signature, { seenAt: nowMs, expiresAt })
  }

  /** Signatures held right now. */
  get size(): number {
    return this.entries.size
  }
}
