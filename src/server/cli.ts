import { connectApp } from '../engine/connect-app.js'
import { Engine } from '../engine/engine.js'
import { ValidationError } from '../errors/input-errors.js'
import { SDK_VERSION } from '../model/sdk-version.js'
import { parseArgs } from './cli-args.js'
import { listenPlatform, type PlatformServer } from './platform-server.js'
import { DEV_HELP, parseDevArgs } from './dev/dev-args.js'
import { startDevServer } from './dev/start-dev-server.js'
import { parseServerArgs, SERVER_HELP } from './replicas/server-args.js'
import { startServer } from './replicas/start-server.js'

const PLATFORM_HELP = `  backlot platform --app <url> [--port 3030] [--host 127.0.0.1]
                   [--secret-key <key>] [--signing-key <key>]
      Runs a platform on this machine: an in-memory engine on the real clock behind the
      platform API. It reads the manifest of the app's serve() route at --app and runs
      every invocation by a signed POST to it. Point the SDK at it with the two
      environment variables it prints (BACKLOT_BASE_URL, BACKLOT_SECRET_KEY).
      Keys default to BACKLOT_SECRET_KEY and BACKLOT_SIGNING_KEY.`

export const HELP = `backlot ${SDK_VERSION} — durable background tasks

Usage:
  backlot dev [task files…] [--app <url>]… [--port 8288] [--data .backlot] [--ephemeral] …
      Runs the dev server: your tasks on a durable store on disk behind the platform API, on
      127.0.0.1:8288. \`backlot dev --help\` lists every flag.
  backlot server --database postgres://… [--app <url>]… [--port 3030] …
      Runs the production platform on PostgreSQL: as many replicas as you like behind one
      URL. \`backlot server --help\` lists every flag; docs/deploy.md tells how to deploy it.
${PLATFORM_HELP}
  backlot help | --help       this text
  backlot --version           the version
`

/** The flags each command takes (an unknown one is an error naming these). */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  platform: ['app', 'port', 'host', 'secret-key', 'signing-key'],
  help: [],
}

/** Each command's own `--help`. */
const COMMAND_HELP: Record<string, string> = { platform: `Usage:\n${PLATFORM_HELP}\n` }

export interface CliIo {
  env: Record<string, string | undefined>
  log: (line: string) => void
}

/**
 * Runs a CLI command. `platform` resolves once listening, with a `close()` for tests and
 * signal handlers; `help` resolves with nothing to close.
 *
 * @example
 * const running = await runCli(['platform', '--app', 'http://127.0.0.1:3000/api/tasks'], { env: process.env, log: console.log })
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<{ close(): Promise<void> } | undefined> {
  if (argv[0] === 'dev') return dev(argv.slice(1), io)
  if (argv[0] === 'server') return replicaServer(argv.slice(1), io)
  const known = (command: string | undefined) => (command === undefined ? [] : COMMAND_FLAGS[command])
  const { command, flags, help, version } = parseArgs(argv, known)
  if (version) {
    io.log(SDK_VERSION)
    return undefined
  }
  if (command !== undefined && !(command in COMMAND_FLAGS)) {
    throw new ValidationError('INVALID_ARGUMENT', `Failed to run "backlot ${command}": no such command. Run \`backlot help\` for the commands.`)
  }
  if (command === undefined || command === 'help' || help) {
    io.log((command && COMMAND_HELP[command]) || HELP)
    return undefined
  }
  const app = flags.get('app')
  if (!app) throw new ValidationError('INVALID_ARGUMENT', 'Failed to start the platform: --app is missing. Pass the URL of the route that exports serve(), e.g. --app http://127.0.0.1:3000/api/tasks.')
  const secretKey = flags.get('secret-key') ?? io.env.BACKLOT_SECRET_KEY
  const signingKey = flags.get('signing-key') ?? io.env.BACKLOT_SIGNING_KEY
  if (!secretKey) throw new ValidationError('INVALID_ARGUMENT', 'Failed to start the platform: no secret key. Pass --secret-key or set BACKLOT_SECRET_KEY; clients send it as a Bearer token.')
  if (!signingKey) throw new ValidationError('INVALID_ARGUMENT', 'Failed to start the platform: no signing key. Pass --signing-key or set BACKLOT_SIGNING_KEY to the key the app verifies with.')
  const port = flags.has('port') ? Number(flags.get('port')) : 3030
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError('INVALID_ARGUMENT', `Failed to start the platform: --port ${flags.get('port')} is not a port. Pass a whole number from 0 to 65535.`)
  }
  const engine = new Engine()
  let server: PlatformServer | undefined
  try {
    const connected = await connectApp(engine, { url: app, signingKey })
    server = await listenPlatform({ engine, secretKeys: [secretKey], port, host: flags.get('host') ?? '127.0.0.1' })
    io.log(`backlot platform listening on ${server.url} — tasks: ${connected.taskIds.join(', ') || 'none'} (app: ${app})`)
    io.log(`Point clients at it with: BACKLOT_BASE_URL=${server.url} BACKLOT_SECRET_KEY=${secretKey}`)
  } catch (error) {
    engine.dispose()
    throw error
  }
  const listening = server
  return {
    async close() {
      await listening.close()
      engine.dispose()
    },
  }
}

async function dev(argv: readonly string[], io: CliIo): Promise<{ close(): Promise<void> } | undefined> {
  const options = parseDevArgs(argv)
  if (options === 'help') {
    io.log(DEV_HELP)
    return undefined
  }
  const server = await startDevServer({ ...options, env: io.env, log: io.log })
  return { close: () => server.close() }
}

async function replicaServer(argv: readonly string[], io: CliIo): Promise<{ close(): Promise<void> } | undefined> {
  const options = parseServerArgs(argv, io.env)
  if (options === 'help') {
    io.log(SERVER_HELP)
    return undefined
  }
  const replica = await startServer({ ...options, env: io.env, log: io.log })
  return { close: () => replica.close() }
}
