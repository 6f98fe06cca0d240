import { ValidationError } from '../errors/input-errors.js'
import { parseDuration } from '../model/duration.js'

/** The flags of one command: which take a value, which are switches, which may repeat. */
export interface FlagSpec {
  command: string
  values: ReadonlySet<string>
  switches: ReadonlySet<string>
  repeatable: ReadonlySet<string>
}

/** A command's arguments: positional words, single flags, repeated flags (in order). */
export interface CommandArgs {
  positional: string[]
  flags: Map<string, string>
  repeated: Map<string, string[]>
}

/** The error every bad flag gets: what was wrong, and where the flags are listed. */
export function badFlag(command: string, message: string): ValidationError {
  return new ValidationError('INVALID_ARGUMENT', `Failed to start backlot ${command}: ${message} Run \`backlot ${command} --help\` for the flags.`)
}

/**
 * Reads `--name value`, `--name=value`, switches and positional words; returns 'help' for
 * -h / --help. An unknown flag, a missing value or a flag given twice is an error naming it.
 */
export function readCommandFlags(argv: readonly string[], spec: FlagSpec): CommandArgs | 'help' {
  const bad = (message: string) => badFlag(spec.command, message)
  const out: CommandArgs = { positional: [], flags: new Map(), repeated: new Map() }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') return 'help'
    if (!arg.startsWith('--')) {
      out.positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    if (name === 'help' || spec.switches.has(name)) {
      if (eq > 0) throw bad(`--${name} takes no value.`)
      if (name === 'help') return 'help'
      out.flags.set(name, 'true')
      continue
    }
    if (!spec.values.has(name)) throw bad(`${arg} is not a flag of backlot ${spec.command}.`)
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw bad(`--${name} has no value. Write --${name} <value>.`)
    if (spec.repeatable.has(name)) out.repeated.set(name, [...(out.repeated.get(name) ?? []), value])
    else if (out.flags.has(name)) throw bad(`--${name} is given twice.`)
    else out.flags.set(name, value)
  }
  return out
}

export function checkAppUrl(command: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw badFlag(command, `--app ${value} is not a URL. Pass the URL of the route that exports serve(), e.g. --app http://127.0.0.1:3000/api/tasks.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badFlag(command, `--app ${value} is not an http(s) URL. Pass e.g. --app http://127.0.0.1:3000/api/tasks.`)
  return value
}

export function checkPort(command: string, value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw badFlag(command, `--port ${value} is not a port. Pass a whole number from 0 to 65535.`)
  return port
}

export function checkDuration(command: string, flag: string, value: string): string {
  try {
    parseDuration(value, `--${flag}`)
  } catch {
    throw badFlag(command, `--${flag} ${value} is not a duration. Pass e.g. --${flag} 7d or --${flag} 12h.`)
  }
  return value
}

export function checkCount(command: string, flag: string, value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw badFlag(command, `--${flag} ${value} is not a count. Pass a whole number such as 100000.`)
  return n
}
