import { CronExpressionParser } from 'cron-parser'
import { checkTimezone, invalidCron } from '../model/cron-syntax.js'

export { checkTimezone }
import { fastUtcIterator } from './cron-fast-utc.js'

/** A parsed five-field cron expression in a timezone, yielding firing times in order. */
export interface CronSchedule {
  readonly expression: string
  readonly timezone: string
  /** The first firing strictly after `after` (epoch ms). */
  nextAfter(after: number): number | null
}

const ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'])

/**
 * Parses and checks a cron expression and timezone, or throws a ValidationError naming the bad
 * value. The iterator is kept, so firing after firing costs one `next()`.
 *
 * @example
 * parseCron('0 9 * * 1-5', 'Europe/Paris').nextAfter(Date.now())
 */
export function parseCron(expression: string, timezone = 'UTC'): CronSchedule {
  checkTimezone(timezone)
  const text = typeof expression === 'string' ? expression.trim() : ''
  const fields = text.split(/\s+/)
  if (!ALIASES.has(text) && fields.length !== 5) {
    throw invalidCron(expression, `it has ${text ? fields.length : 0} fields; backlot takes five (minute hour day-of-month month day-of-week)`)
  }
  let iterator: ReturnType<typeof CronExpressionParser.parse>
  let cursor = Number.NaN
  const open = (after: number) => CronExpressionParser.parse(text, { currentDate: new Date(after), tz: timezone, strict: false })
  try {
    iterator = open(0)
  } catch (error) {
    throw invalidCron(expression, (error as Error).message)
  }
  const fast = timezone === 'UTC' && !/[LW#?]/i.test(text) ? fastUtcIterator(fieldsOf(iterator)) : undefined
  return {
    expression: text,
    timezone,
    nextAfter(after) {
      if (fast) return fast(after)
      // Sequential firings reuse the iterator; any other starting point reopens it.
      if (after !== cursor) iterator = open(after)
      if (!iterator.hasNext()) return null
      const next = iterator.next().getTime()
      cursor = next
      return next
    },
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

