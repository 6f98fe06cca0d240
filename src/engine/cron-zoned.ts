/**
 * Cron firings in a timezone, from an iterator over wall-clock times. A wall time is epoch ms
 * read as if the zone were UTC (`Date.UTC(y, m, d, h, min)` of the local clock reading), so the
 * field arithmetic never meets a DST change; the change is handled here, by one policy:
 *
 * - a **skipped** wall time (clocks jump forward over it) fires once, at the first instant after
 *   the jump (Lord Howe's 02:00 on the October switch fires at 02:30 local);
 * - a **repeated** wall time (clocks go back over it) fires once, at its first occurrence;
 * - several wall times that land on one instant fire once, and firings only ever move forward.
 */

const HOUR = 3_600_000
const DAY = 86_400_000

/** Offset of local time from UTC (ms) at an instant, for one zone. */
export type OffsetAt = (instant: number) => number

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The UTC offset function of an IANA zone, through Intl.
 *
 * @example
 * zoneOffset('Australia/Lord_Howe')(Date.UTC(2026, 0, 1)) // 39600000 (+11:00)
 */
export function zoneOffset(timezone: string): OffsetAt {
  let format = formatters.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timezone, format)
  }
  const f = format
  // Offsets change only on whole minutes, and the same minutes are asked about again and
  // again (each firing looks a day either side): remember them, a bounded number per zone.
  const memo = new Map<number, number>()
  return (instant) => {
    const minute = Math.floor(instant / 60_000)
    let offset = memo.get(minute)
    if (offset === undefined) {
      const p: Record<string, number> = {}
      for (const part of f.formatToParts(minute * 60_000)) if (part.type !== 'literal') p[part.type] = Number(part.value)
      offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - minute * 60_000
      if (memo.size >= 4_096) memo.clear()
      memo.set(minute, offset)
    }
    return offset
  }
}

/**
 * The instant a wall time fires at, by the policy above: its first occurrence, or for a wall
 * time the clocks skipped, the first instant after the skip.
 */
export function firingInstant(wall: number, offsetAt: OffsetAt): number {
  const before = offsetAt(wall - DAY)
  const after = offsetAt(wall + DAY)
  const candidates = before === after ? [before] : [before, after]
  let first = Number.POSITIVE_INFINITY
  for (const offset of candidates) {
    const instant = wall - offset
    if (offsetAt(instant) === offset) first = Math.min(first, instant)
  }
  if (first !== Number.POSITIVE_INFINITY) return first
  // Skipped: the clocks jumped from `before` to `after` (after > before) over this wall time.
  // The jump happened at (wall - before) at the latest; find its exact instant.
  return transitionAt(wall - after, wall - before, offsetAt)
}

/** The first instant in (lo, hi] whose offset differs from lo's, to the minute. */
function transitionAt(lo: number, hi: number, offsetAt: OffsetAt): number {
  const start = offsetAt(lo)
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000
    if (offsetAt(mid) === start) lo = mid
    else hi = mid
  }
  return hi
}

/**
 * Next firing strictly after `after` in the zone, given the next matching wall time strictly
 * after a wall time. Never earlier than `after`; null only when the wall iterator has no more.
 */
export function zonedNext(after: number, wallNext: (wall: number) => number | null, offsetAt: OffsetAt): number | null {
  // Start at the earliest wall reading `after` can have (the smaller offset around it): in a
  // repeated hour, the wall clock reads earlier than it did an hour before.
  let wall: number | null = after + Math.min(offsetAt(after - 2 * HOUR), offsetAt(after)) - 60_000
  for (let guard = 0; guard < 100_000; guard++) {
    wall = wallNext(wall)
    if (wall === null) return null
    const instant = firingInstant(wall, offsetAt)
    if (instant > after) return instant
  }
  return null
}
