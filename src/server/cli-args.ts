import { ValidationError } from '../errors/input-errors.js'

/** `--name value` and `--name=value` flags after a command word; `--help` and `--version` anywhere. */
export interface ParsedArgs {
  command: string | undefined
  flags: Map<string, string>
  help: boolean
  version: boolean
}

const SWITCHES = new Set(['help', 'version'])

/**
 * Reads the arguments; `known` lists the flags the command takes, so a mistyped flag is an
 * error that names it and the flags there are instead of being ignored.
 */
export function parseArgs(argv: readonly string[], known?: (command: string | undefined) => readonly string[] | undefined): ParsedArgs {
  const first = argv[0]
  const command = first === undefined || first.startsWith('-') ? undefined : first
  const rest = command === undefined ? argv : argv.slice(1)
  const flags = new Map<string, string>()
  let help = false
  let version = false
  const allowed = known?.(command)
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (arg === '-h' || arg === '--help') {
      help = true
      continue
    }
    if (arg === '-v' || arg === '--version') {
      version = true
      continue
    }
    if (!arg.startsWith('--')) {
      throw new ValidationError('INVALID_ARGUMENT', `Failed to read the arguments: "${arg}" is not a flag. Write flags as --name value; see \`backlot ${command ?? 'help'} --help\`.`)
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    if (allowed && !allowed.includes(name) && !SWITCHES.has(name)) {
      const list = allowed.length ? allowed.map((f) => `--${f}`).join(', ') : 'none'
      throw new ValidationError('INVALID_ARGUMENT', `Failed to read the arguments: backlot ${command} has no flag --${name} (its flags: ${list}). See \`backlot ${command} --help\`.`)
    }
    if (eq > 0) flags.set(name, arg.slice(eq + 1))
    else {
      const value = rest[i + 1]
      if (value === undefined || value.startsWith('--')) {
        throw new ValidationError('INVALID_ARGUMENT', `Failed to read the arguments: ${arg} has no value. Write ${arg} <value>.`)
      }
      flags.set(name, value)
      i++
    }
  }
  return { command, flags, help, version }
}
