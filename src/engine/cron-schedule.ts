import { CronExpressionParser } from 'cron-parser'
import { ValidationError } from '../errors/input-errors.js'
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
    throw invalid(expression, `it has ${text ? fields.length : 0} fields; backlot takes five (minute hour day-of-month month day-of-week)`)
  }
  let iterator: ReturnType<typeof CronExpressionParser.parse>
  let cursor = Number.NaN
  const open = (after: number) => CronExpressionParser.parse(text, { currentDate: new Date(after), tz: timezone, strict: false })
  try {
    iterator = open(0)
  } catch (error) {
    throw invalid(expression, (error as Error).message)
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

// Building an Intl.DateTimeFormat costs ~0.1 ms; each zone is checked once per process.
const knownZones = new Set<string>(['UTC'])

/** Throws a ValidationError unless `timezone` is an IANA zone this runtime knows. */
export function checkTimezone(timezone: string): void {
  if (knownZones.has(timezone)) return
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    knownZones.add(timezone)
  } catch {
    throw new ValidationError(
      'INVALID_TIMEZONE',
      `Failed to schedule the cron: the timezone ${JSON.stringify(timezone)} is unknown. Use an IANA name such as 'UTC', 'Europe/Paris' or 'America/New_York'.`,
    )
  }
}

function invalid(expression: unknown, reason: string): ValidationError {
  return new ValidationError(
    'INVALID_CRON',
    `Failed to parse the cron expression ${JSON.stringify(expression)}: ${reason}. Write five fields, e.g. '0 9 * * 1-5' (weekdays at 9am).`,
  )
}
