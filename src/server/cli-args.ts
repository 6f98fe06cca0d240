import { ValidationError } from '../errors/input-errors.js'

/** `--name value` and `--name=value` flags after a command word. */
export interface ParsedArgs {
  command: string | undefined
  flags: Map<string, string>
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv
  const flags = new Map<string, string>()
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (!arg.startsWith('--')) {
      throw new ValidationError('INVALID_ARGUMENT', `Failed to read the arguments: "${arg}" is not a flag. Write flags as --name value; see \`backlot help\`.`)
    }
    const eq = arg.indexOf('=')
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1))
    else {
      const value = rest[i + 1]
      if (value === undefined || value.startsWith('--')) {
        throw new ValidationError('INVALID_ARGUMENT', `Failed to read the arguments: ${arg} has no value. Write ${arg} <value>.`)
      }
      flags.set(arg.slice(2), value)
      i++
    }
  }
  return { command: command === undefined || command.startsWith('--') ? undefined : command, flags }
}
