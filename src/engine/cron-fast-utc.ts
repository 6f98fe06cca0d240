/** The parsed fields cron-parser gives (values and wildcard flags), enough for plain expressions. */
export interface CronFields {
  minute: readonly number[]
  hour: readonly number[]
  dayOfMonth: readonly number[]
  month: readonly number[]
  dayOfWeek: readonly number[]
  dayOfMonthWildcard: boolean
  dayOfWeekWildcard: boolean
}

const MINUTE = 60_000
const YEARS_SEARCHED = 8

/**
 * Next firing in UTC by field arithmetic: about 0.3 µs where cron-parser takes ~20 µs, which is
 * what lets a year of minutely firings run in seconds. Only for expressions without L, # or W
 * and for UTC; cron-schedule.ts uses cron-parser for everything else. Checked against
 * cron-parser in cron-fast-utc.test.ts.
 */
export function fastUtcIterator(fields: CronFields): (after: number) => number | null {
  const minutes = toMask(fields.minute, 60)
  const hours = toMask(fields.hour, 24)
  const doms = toMask(fields.dayOfMonth, 32)
  const months = toMask(fields.month, 13)
  const dows = toMask(fields.dayOfWeek.map((d) => d % 7), 7)
  const domRestricted = !fields.dayOfMonthWildcard
  const dowRestricted = !fields.dayOfWeekWildcard

  const dayMatches = (d: Date): boolean => {
    const dom = doms[d.getUTCDate()]!
    const dow = dows[d.getUTCDay()]!
    if (domRestricted && dowRestricted) return dom || dow
    if (domRestricted) return dom
    if (dowRestricted) return dow
    return true
  }

  return (after) => {
    let t = Math.floor(after / MINUTE) * MINUTE + MINUTE
    const limit = after + YEARS_SEARCHED * 366 * 86_400_000
    while (t <= limit) {
      const d = new Date(t)
      const y = d.getUTCFullYear()
      const mo = d.getUTCMonth()
      if (!months[mo + 1]) {
        t = Date.UTC(y, mo + 1, 1)
        continue
      }
      const day = d.getUTCDate()
      if (!dayMatches(d)) {
        t = Date.UTC(y, mo, day + 1)
        continue
      }
      const h = d.getUTCHours()
      if (!hours[h]) {
        t = Date.UTC(y, mo, day, h + 1)
        continue
      }
      for (let m = d.getUTCMinutes(); m < 60; m++) {
        if (minutes[m]) return Date.UTC(y, mo, day, h, m)
      }
      t = Date.UTC(y, mo, day, h + 1)
    }
    return null
  }
}

function toMask(values: readonly number[], size: number): boolean[] {
  const mask = new Array<boolean>(size).fill(false)
  for (const v of values) if (v >= 0 && v < size) mask[v] = true
  return mask
}
