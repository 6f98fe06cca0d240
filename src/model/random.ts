/** A seeded pseudo-random source (mulberry32), so jitter and ids repeat exactly for the same seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
  }
}

/**
 * A source seeded by `seed` and `key` together, e.g. a run's retry jitter: its numbers depend
 * only on the seed and the key, not on how many numbers other runs drew before. Over HTTP,
 * outcomes of concurrent invocations arrive in network order; a shared stream would then give
 * each run other delays from one test run to the next.
 */
export function keyedRandom(seed: number, key: string): Random {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return seededRandom(h >>> 0)
}

/** A seed from the platform's crypto when the caller gives none. */
export function randomSeed(): number {
  const buf = new Uint32Array(1)
  globalThis.crypto.getRandomValues(buf)
  return buf[0]!
}

/** Makes ids like `run_4fk2m9x0q1ab` from a seeded source. */
export function idGenerator(random: Random): (prefix: string) => string {
  // Two draws of six base-36 digits each (36^6 < 2^32): same alphabet, a sixth of the draws.
  // join() makes one flat string; a template makes a tree of concatenations that a retained
  // run's id would keep (32 B more per run).
  return (prefix) => [prefix, '_', sixDigits(random.next()), sixDigits(random.next())].join('')
}

function sixDigits(r: number): string {
  return Math.floor(r * 2_176_782_336).toString(36).padStart(6, '0')
}

/** A stable id derived from text (FNV-1a, two lanes), for children whose id must survive replays. */
export function derivedId(prefix: string, text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
  }
  return `${prefix}_${(h1 >>> 0).toString(36).padStart(7, '0')}${(h2 >>> 0).toString(36).padStart(7, '0')}`.slice(0, prefix.length + 15)
}
