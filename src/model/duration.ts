import { ValidationError } from '../errors/input-errors.js'

/** Milliseconds, or a string as people write it: `'15s'`, `'1h'`, `'1 minute'`, `'2 days'`, `'1h30m'`. */
export type Duration = number | string

const UNIT_MS: Record<string, number> = {
  ms: 1, msec: 1, msecs: 1, millisecond: 1, milliseconds: 1,
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
}

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy

/**
 * Converts a duration to milliseconds, or throws a `ValidationError` naming the bad value.
 *
 * @example
 * parseDuration('1 minute') // 60000
 * parseDuration('1h30m')    // 5400000
 */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(value, what)
    return value
  }
  if (typeof value !== 'string') throw invalid(value, what)
  const text = value.trim().toLowerCase()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text)
  let total = 0
  let matched = 0
  PART.lastIndex = 0
  for (;;) {
    while (text[PART.lastIndex] === ' ') PART.lastIndex++
    if (PART.lastIndex >= text.length) break
    const m = PART.exec(text)
    const unit = m ? UNIT_MS[m[2]!] : undefined
    if (!m || unit === undefined) throw invalid(value, what)
    total += Number(m[1]) * unit
    matched++
  }
  if (matched === 0) throw invalid(value, what)
  return total
}

function invalid(value: unknown, what: string): ValidationError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value)
  return new ValidationError(
    'INVALID_DURATION',
    `Failed to parse ${what} ${shown}: expected a non-negative number of milliseconds or a string like '15s', '1h', '1 minute', '2 days'.`,
  )
}
