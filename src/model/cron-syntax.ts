import { ValidationError } from '../errors/input-errors.js'

// What the SDK checks when a cron is declared, without loading a cron parser: the shape of the
// five fields and their ranges. The engine parses the expression fully when it arms the cron.

const ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'])
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface Field {
  name: string
  min: number
  max: number
  names?: readonly string[]
  /** Extra tokens this field allows (L, W, #, ?), checked by the full parser later. */
  extras?: RegExp
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, extras: /^(\?|L|L-\d+|\d+W|LW)$/i },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS, extras: /^(\?|\d+L|\d+#\d|L|[A-Z]{3}#\d|[A-Z]{3}L)$/i },
]

/**
 * Throws a ValidationError (`INVALID_CRON`) unless `expression` has five well-formed fields
 * (or is an alias such as `@daily`), each value within its range.
 *
 * @example
 * checkCronSyntax('0 9 * * 1-5') // ok
 * checkCronSyntax('61 * * * *') // throws: the minute 61 is outside 0-59
 */
export function checkCronSyntax(expression: unknown): void {
  const text = typeof expression === 'string' ? expression.trim() : ''
  if (ALIASES.has(text.toLowerCase())) return
  const fields = text ? text.split(/\s+/) : []
  if (fields.length !== 5) {
    throw invalidCron(expression, `it has ${fields.length} fields; backlot takes five (minute hour day-of-month month day-of-week)`)
  }
  fields.forEach((value, i) => {
    const problem = checkField(value, FIELDS[i]!)
    if (problem) throw invalidCron(expression, problem)
  })
}

function checkField(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    if (field.extras?.test(item)) continue
    const [range, step, ...rest] = item.split('/')
    if (rest.length || range === '' || (step !== undefined && !/^\d+$/.test(step))) return `the ${field.name} field ${JSON.stringify(text)} is malformed`
    if (step !== undefined && Number(step) === 0) return `the ${field.name} field ${JSON.stringify(text)} has a step of 0`
    if (range === '*') continue
    if (/^H/i.test(range!)) return `'H' (a hashed, random value) is not supported, as it would change on every parse; write the ${field.name} you want`
    const bounds = range!.split('-')
    if (bounds.length > 2) return `the ${field.name} field ${JSON.stringify(text)} is malformed`
    for (const bound of bounds) {
      const value = valueOf(bound, field)
      if (value === undefined) return `the ${field.name} ${JSON.stringify(bound)} is not a number${field.names ? ' or a name' : ''}`
      if (value < field.min || value > field.max) return `the ${field.name} ${bound} is outside ${field.min}-${field.max}`
    }
  }
  return undefined
}

function valueOf(token: string, field: Field): number | undefined {
  if (/^\d+$/.test(token)) return Number(token)
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1
  if (index < 0) return undefined
  return field.names === MONTHS ? index + 1 : index
}

/** The error every cron check throws, naming the expression and the fix. */
export function invalidCron(expression: unknown, reason: string): ValidationError {
  return new ValidationError(
    'INVALID_CRON',
    `Failed to parse the cron expression ${JSON.stringify(expression)}: ${reason}. Write five fields, e.g. '0 9 * * 1-5' (weekdays at 9am).`,
  )
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
