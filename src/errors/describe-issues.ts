/**
 * Formats a schema's validation issues (zod, or anything with the same `issues` shape) as
 * `path: message; …` for an error message. `limit` keeps a long list readable.
 *
 * An issue's own message is kept when it says something. zod/mini loads no locale, so its
 * issues all read "Invalid input": those are worded here from the issue's fields (code,
 * expected, received, minimum, …), in the words of zod's English locale, so backlot's wire
 * schemas (zod/mini) explain themselves without shipping a locale.
 */
export function describeIssues(error: unknown, limit = Number.POSITIVE_INFINITY): string {
  const issues = (error as { issues?: Issue[] })?.issues
  if (!Array.isArray(issues) || issues.length === 0) return String((error as Error)?.message ?? error)
  return issues
    .slice(0, limit)
    .map((i) => `${i.path && i.path.length ? i.path.map(String).join('.') : '(root)'}: ${describeIssue(i)}`)
    .join('; ')
}

/** The fields of a zod issue this file reads (zod's `$ZodIssue`, loosely). */
interface Issue {
  code?: string
  path?: PropertyKey[]
  message?: string
  /** Present when the schema was parsed with `{ reportInput: true }`. */
  input?: unknown
  /** What was received, when zod (or `noteReceived`) recorded it. */
  received?: string
  expected?: string
  values?: unknown[]
  origin?: string
  minimum?: number | bigint
  maximum?: number | bigint
  inclusive?: boolean
  exact?: boolean
  format?: string
  pattern?: string
  prefix?: string
  suffix?: string
  includes?: string
  divisor?: number | bigint
  keys?: PropertyKey[]
  options?: unknown[]
  errors?: Issue[][]
}

const GENERIC = 'Invalid input'

/** One issue's message: its own when it has one, else worded from its code. */
export function describeIssue(issue: Issue): string {
  if (issue.message && issue.message !== GENERIC) return issue.message
  return wordIssue(issue) ?? issue.message ?? 'invalid'
}

function wordIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const received = receivedOf(issue)
      return `${GENERIC}: expected ${issue.expected}${received === undefined ? '' : `, received ${received}`}`
    }
    case 'invalid_value': {
      const values = issue.values ?? []
      return values.length === 1 ? `${GENERIC}: expected ${primitive(values[0])}` : `Invalid option: expected one of ${values.map(primitive).join('|')}`
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small'
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? (small ? '>=' : '<=') : small ? '>' : '<'
      const unit = issue.origin ? UNITS[issue.origin] : undefined
      const bound = String(small ? issue.minimum : issue.maximum)
      return `Too ${small ? 'small' : 'big'}: expected ${issue.origin ?? 'value'} ${unit ? `to have ${adj}${bound} ${unit}` : `to be ${adj}${bound}`}`
    }
    case 'invalid_format': {
      if (issue.format === 'starts_with') return `Invalid string: must start with "${issue.prefix}"`
      if (issue.format === 'ends_with') return `Invalid string: must end with "${issue.suffix}"`
      if (issue.format === 'includes') return `Invalid string: must include "${issue.includes}"`
      if (issue.format === 'regex') return `Invalid string: must match pattern ${issue.pattern}`
      return `Invalid ${(issue.format && FORMATS[issue.format]) ?? issue.format}`
    }
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`
    case 'unrecognized_keys': {
      const keys = issue.keys ?? []
      return `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map(primitive).join(', ')}`
    }
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`
    case 'invalid_union':
      return wordUnion(issue)
    default:
      return undefined
  }
}

// A union none of whose options matched. zod's locale says only "Invalid input"; when every
// option failed on the value's type, this says which types would do.
function wordUnion(issue: Issue): string {
  if (issue.options && issue.options.length > 0) return `Invalid discriminator value. Expected ${issue.options.map((o) => `'${String(o)}'`).join(' | ')}`
  if ((issue as { inclusive?: boolean }).inclusive === false) return `${GENERIC}: more than one option matched`
  const branches = issue.errors ?? []
  const expected = branches.map((b) => (b.length === 1 && b[0]!.code === 'invalid_type' && !b[0]!.path?.length ? b[0]!.expected : undefined))
  if (branches.length === 0 || expected.some((e) => e === undefined)) return GENERIC
  const received = receivedOf(issue) ?? branches.map((b) => receivedOf(b[0]!)).find((r) => r !== undefined)
  return `${GENERIC}: expected ${[...new Set(expected)].join(' or ')}${received === undefined ? '' : `, received ${received}`}`
}

function receivedOf(issue: Issue): string | undefined {
  if ('input' in issue) return typeName(issue.input)
  return typeof issue.received === 'string' ? issue.received : undefined
}

/**
 * The type of a value as zod's English locale names it in "received …": `null`, `array`, `NaN`,
 * `Infinity`, a class's name, or `typeof`.
 */
export function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null
    if (proto && proto !== Object.prototype && proto.constructor?.name) return proto.constructor.name
  }
  return typeof value
}

const primitive = (value: unknown): string => (typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : typeof value === 'symbol' ? value.toString() : `${value as string}`)

const UNITS: Record<string, string> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' }

const FORMATS: Record<string, string> = {
  regex: 'input',
  email: 'email address',
  url: 'URL',
  uuid: 'UUID',
  datetime: 'ISO datetime',
  date: 'ISO date',
  time: 'ISO time',
  duration: 'ISO duration',
  base64: 'base64-encoded string',
  base64url: 'base64url-encoded string',
  json_string: 'JSON string',
  template_literal: 'input',
}
