import { CronExpressionParser } from 'cron-parser'
import { checkCronSyntax, checkTimezone, invalidCron } from '../model/cron-syntax.js'

export { checkTimezone }
import { fastUtcIterator } from './cron-fast-utc.js'
import { zonedNext, zoneOffset } from './cron-zoned.js'

/** A parsed five-field cron expression in a timezone, yielding firing times in order. */
export interface CronSchedule {
  readonly expression: string
  readonly timezone: string
  /** The first firing strictly after `after` (epoch ms). */
  nextAfter(after: number): number | null
}

/**
 * Parses and checks a cron expression and timezone, or throws a ValidationError naming the bad
 * value (an expression that never fires, or uses `H`, included). Firings across a DST change
 * follow the policy of cron-zoned.ts: skipped wall times fire right after the jump, repeated
 * ones once; a firing is always later than the time asked about.
 *
 * @example
 * parseCron('0 9 * * 1-5', 'Europe/Paris').nextAfter(Date.now())
 */
export function parseCron(expression: string, timezone = 'UTC'): CronSchedule {
  checkTimezone(timezone)
  checkCronSyntax(expression) // the SDK's check: five fields in range, no 'H'
  const text = (expression as string).trim()
  let parsed: ReturnType<typeof CronExpressionParser.parse>
  try {
    parsed = CronExpressionParser.parse(text, { currentDate: new Date(0), tz: 'UTC', strict: false })
  } catch (error) {
    throw invalidCron(expression, (error as Error).message)
  }
  const wallNext = wallIterator(text, parsed)
  const offsetAt = timezone === 'UTC' ? undefined : zoneOffset(timezone)
  const schedule: CronSchedule = {
    expression: text,
    timezone,
    nextAfter(after) {
      return offsetAt ? zonedNext(after, wallNext, offsetAt) : wallNext(after)
    },
  }
  if (schedule.nextAfter(Date.UTC(2026, 0, 1)) === null) throw invalidCron(expression, 'it never fires')
  return schedule
}

/**
 * Next matching wall time (in UTC reading) strictly after a wall time: our field arithmetic
 * where it applies, else cron-parser in UTC (which meets no DST change).
 */
function wallIterator(text: string, parsed: ReturnType<typeof CronExpressionParser.parse>): (wall: number) => number | null {
  if (!/[LW#?]/i.test(text)) return fastUtcIterator(fieldsOf(parsed))
  let iterator = parsed
  let cursor = Number.NaN
  return (wall) => {
    // Sequential firings reuse the iterator; any other starting point reopens it.
    if (wall !== cursor) iterator = CronExpressionParser.parse(text, { currentDate: new Date(wall), tz: 'UTC', strict: false })
    if (!iterator.hasNext()) return null
    cursor = iterator.next().getTime()
    return cursor
  }
}

function fieldsOf(iterator: ReturnType<typeof CronExpressionParser.parse>) {
  const f = iterator.fields
  return {
    minute: f.minute.values as number[],
    hour: f.hour.values as number[],
    dayOfMonth: (f.dayOfMonth.values as unknown[]).filter((v): v is number => typeof v === 'number'),
    month: f.month.values as number[],
    dayOfWeek: (f.dayOfWeek.values as unknown[]).filter((v): v is number => typeof v === 'number'),
    dayOfMonthWildcard: f.dayOfMonth.isWildcard,
    dayOfWeekWildcard: f.dayOfWeek.isWildcard,
  }
}

