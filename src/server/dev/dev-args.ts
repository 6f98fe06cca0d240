import { badFlag, checkAppUrl, checkCount, checkDuration, checkPort, readCommandFlags, type FlagSpec } from '../command-flags.js'
import type { DevServerOptions } from './dev-options.js'

const SPEC: FlagSpec = {
  command: 'dev',
  values: new Set(['app', 'port', 'host', 'data', 'clock', 'retain', 'retain-runs', 'secret-key', 'signing-key']),
  switches: new Set(['ephemeral']),
  repeatable: new Set(['app']),
}

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

/**
 * Reads `backlot dev` arguments into options; every bad flag gets an error naming the fix.
 * Returns 'help' for --help.
 *
 * @example
 * parseDevArgs(['tasks.ts', '--port', '9000']) // { files: ['tasks.ts'], port: 9000, ... }
 */
export function parseDevArgs(argv: readonly string[]): DevServerOptions | 'help' {
  const args = readCommandFlags(argv, SPEC)
  if (args === 'help') return args
  const { flags } = args
  const bad = (message: string) => badFlag('dev', message)
  const options: DevServerOptions = { files: args.positional, apps: (args.repeated.get('app') ?? []).map((url) => checkAppUrl('dev', url)) }
  if (flags.has('port')) options.port = checkPort('dev', flags.get('port')!)
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
  if (flags.has('retain')) options.retain = checkDuration('dev', 'retain', flags.get('retain')!)
  if (flags.has('retain-runs')) options.retainRuns = checkCount('dev', 'retain-runs', flags.get('retain-runs')!)
  if (flags.has('secret-key')) options.secretKey = flags.get('secret-key')!
  if (flags.has('signing-key')) options.signingKey = flags.get('signing-key')!
  return options
}
