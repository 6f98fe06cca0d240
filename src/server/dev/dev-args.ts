import { ValidationError } from '../../errors/input-errors.js'
import { parseDuration } from '../../model/duration.js'
import type { DevServerOptions } from './dev-options.js'

const VALUE_FLAGS = new Set(['app', 'port', 'host', 'data', 'clock', 'retain', 'retain-runs', 'secret-key', 'signing-key'])
const BOOLEAN_FLAGS = new Set(['ephemeral', 'help'])

export const DEV_HELP = `backlot dev — a durable platform on this machine, with the dashboard

Usage:
  backlot dev [task files…] [--app <url>]… [--port 8288] [--host 127.0.0.1]
              [--data .backlot] [--clock system|virtual] [--ephemeral]
              [--retain 7d] [--retain-runs 100000] [--secret-key <key>] [--signing-key <key>]

  task files        .ts or .js files whose exported tasks run in this process
  --app <url>       an app's serve() route; its tasks run by signed POSTs (repeatable).
                    Its manifest is re-read every 2 s, so new tasks appear without a restart.
  --port            port to listen on (0: any free port). Default 8288
  --host            address to bind. Default 127.0.0.1 (this machine only)
  --data            directory of the crash-consistent store. Default .backlot
  --ephemeral       keep everything in memory (CI); nothing is written
  --clock           system (default) or virtual (time moves only when told to)
  --retain          ended runs older than this are removed. Default 7d
  --retain-runs     at most this many ended runs are kept. Default 100000
  --secret-key      the key clients send (default: BACKLOT_SECRET_KEY, else one kept in --data)
  --signing-key     the key apps verify requests with (default: BACKLOT_SIGNING_KEY, else one kept in --data)
`

function bad(message: string): ValidationError {
  return new ValidationError('INVALID_ARGUMENT', `Failed to start backlot dev: ${message} Run \`backlot dev --help\` for the flags.`)
}

/**
 * Reads `backlot dev` arguments into options; every bad flag gets an error naming the fix.
 * Returns 'help' for --help.
 *
 * @example
 * parseDevArgs(['tasks.ts', '--port', '9000']) // { files: ['tasks.ts'], port: 9000, ... }
 */
export function parseDevArgs(argv: readonly string[]): DevServerOptions | 'help' {
  const files: string[] = []
  const apps: string[] = []
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') return 'help'
    if (!arg.startsWith('--')) {
      files.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq > 0) throw bad(`--${name} takes no value.`)
      if (name === 'help') return 'help'
      flags.set(name, 'true')
      continue
    }
    if (!VALUE_FLAGS.has(name)) throw bad(`${arg} is not a flag of backlot dev.`)
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw bad(`--${name} has no value. Write --${name} <value>.`)
    if (name === 'app') apps.push(checkUrl(value))
    else if (flags.has(name)) throw bad(`--${name} is given twice.`)
    else flags.set(name, value)
  }
  const options: DevServerOptions = { files, apps }
  if (flags.has('port')) options.port = checkPort(flags.get('port')!)
  if (flags.has('host')) options.host = flags.get('host')!
  if (flags.has('ephemeral')) {
    if (flags.has('data')) throw bad('--ephemeral keeps nothing on disk, so --data has no use with it. Pass one of the two.')
    options.ephemeral = true
  }
  if (flags.has('data')) options.data = flags.get('data')!
  const clock = flags.get('clock')
  if (clock !== undefined) {
    if (clock !== 'system' && clock !== 'virtual') throw bad(`--clock ${clock} is not a clock. Pass --clock system or --clock virtual.`)
    options.clock = clock
  }
  if (flags.has('retain')) options.retain = checkDuration(flags.get('retain')!)
  if (flags.has('retain-runs')) options.retainRuns = checkCount(flags.get('retain-runs')!)
  if (flags.has('secret-key')) options.secretKey = flags.get('secret-key')!
  if (flags.has('signing-key')) options.signingKey = flags.get('signing-key')!
  return options
}

function checkUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw bad(`--app ${value} is not a URL. Pass the URL of the route that exports serve(), e.g. --app http://127.0.0.1:3000/api/tasks.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`--app ${value} is not an http(s) URL. Pass e.g. --app http://127.0.0.1:3000/api/tasks.`)
  return value
}

function checkPort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw bad(`--port ${value} is not a port. Pass a whole number from 0 to 65535.`)
  return port
}

function checkDuration(value: string): string {
  try {
    parseDuration(value, '--retain')
  } catch {
    throw bad(`--retain ${value} is not a duration. Pass e.g. --retain 7d or --retain 12h.`)
  }
  return value
}

function checkCount(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw bad(`--retain-runs ${value} is not a count. Pass a whole number such as 100000.`)
  return n
}
