import { badFlag, checkAppUrl, checkCount, checkDuration, checkPort, readCommandFlags, type FlagSpec } from '../command-flags.js'
import { redactUrl } from '../postgres/redact-url.js'
import type { ServerOptions } from './server-options.js'

const SPEC: FlagSpec = {
  command: 'server',
  values: new Set(['database', 'app', 'port', 'host', 'advertise', 'secret-key', 'signing-key', 'pool-size', 'lease', 'retain', 'retain-runs']),
  switches: new Set(),
  repeatable: new Set(['app']),
}

export const SERVER_HELP = `backlot server — the production platform on PostgreSQL; run as many replicas as you like

Usage:
  backlot server --database postgres://… [task files…] [--app <url>]… [--port 3030]
                 [--host 127.0.0.1] [--advertise <url>] [--pool-size 10] [--lease 15s]
                 [--retain 7d] [--retain-runs 100000] [--secret-key <key>] [--signing-key <key>]

  --database <url>  PostgreSQL (default: DATABASE_URL). Every replica points at the same one;
                    the schema is migrated on start (safe when replicas start together)
  task files        .ts or .js files whose exported tasks run in this process
  --app <url>       an app's serve() route; its tasks run by signed POSTs (repeatable)
  --port            port to listen on (0: any free port). Default 3030
  --host            address to bind. Default 127.0.0.1; 0.0.0.0 behind a load balancer
                    (off loopback, the dashboard asks for the secret key before it shows runs)
  --advertise <url> where the other replicas reach this one. Default: the URL it listens on
  --pool-size       connections to PostgreSQL per replica, at most. Default 10
  --lease           how long work waits when the replica running it dies. Default 15s
  --retain          ended runs older than this are removed. Default 7d
  --retain-runs     at most this many ended runs are kept. Default 100000
  --secret-key      the key clients send (default: BACKLOT_SECRET_KEY; required)
  --signing-key     the key apps verify requests with (default: BACKLOT_SIGNING_KEY)

See docs/deploy.md.
`

/**
 * Reads `backlot server` arguments into options; every bad flag gets an error naming the fix.
 *
 * @example
 * parseServerArgs(['--database', 'postgres://localhost/backlot', '--app', 'http://127.0.0.1:3000/api/tasks'], {})
 */
export function parseServerArgs(argv: readonly string[], env: Record<string, string | undefined>): ServerOptions | 'help' {
  const args = readCommandFlags(argv, SPEC)
  if (args === 'help') return args
  const { flags } = args
  const database = flags.get('database') ?? env.DATABASE_URL
  if (!database) throw badFlag('server', '--database is missing. Pass --database postgres://user@host:5432/db, or set DATABASE_URL.')
  if (!/^postgres(ql)?:\/\//.test(database)) throw badFlag('server', `--database ${redactUrl(database)} is not a PostgreSQL URL. Pass e.g. --database postgres://backlot@127.0.0.1:5432/backlot.`)
  const options: ServerOptions = { database, files: args.positional, apps: (args.repeated.get('app') ?? []).map((url) => checkAppUrl('server', url)) }
  if (flags.has('port')) options.port = checkPort('server', flags.get('port')!)
  if (flags.has('host')) options.host = flags.get('host')!
  if (flags.has('advertise')) options.advertise = flags.get('advertise')!
  if (flags.has('pool-size')) {
    const size = checkCount('server', 'pool-size', flags.get('pool-size')!)
    if (size < 2) throw badFlag('server', `--pool-size ${size} is too small: the engine and the API need 2 connections at least. Pass --pool-size 10.`)
    options.poolSize = size
  }
  if (flags.has('lease')) options.leaseMs = leaseMs(flags.get('lease')!)
  if (flags.has('retain')) options.retain = checkDuration('server', 'retain', flags.get('retain')!)
  if (flags.has('retain-runs')) options.retainRuns = checkCount('server', 'retain-runs', flags.get('retain-runs')!)
  if (flags.has('secret-key')) options.secretKey = flags.get('secret-key')!
  if (flags.has('signing-key')) options.signingKey = flags.get('signing-key')!
  return options
}

function leaseMs(value: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(value)
  const ms = match ? Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'] : NaN
  if (!(ms >= 1_000 && ms <= 600_000)) throw badFlag('server', `--lease ${value} is not a lease from 1s to 10m. Pass e.g. --lease 15s.`)
  return ms
}
