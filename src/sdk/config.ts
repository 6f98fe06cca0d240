import { ValidationError } from '../errors/input-errors.js'
import type { Transport } from '../transport/transport.js'
import { createHttpTransport, type HttpTransportOptions } from '../transport/http/http-transport.js'
import { createDefaultTransport } from '../transport/default-transport.js'

/** The `config` argument of `getTask`, `cancelTask`, `createCron` (seed 000). */
export interface ClientConfig {
  secretKey?: string
  ref?: string
  /** The platform's API address; with it, calls go over HTTP. */
  baseUrl?: string
}

export type ConfigureOptions = { transport: Transport } | HttpTransportOptions

let configured: Transport | undefined
let embedded: Transport | undefined

/**
 * Chooses where triggers go. With nothing configured, runs go to an in-process engine on the
 * real clock (the embedded default). Pass `{ baseUrl, secretKey, ref }` for the HTTP transport,
 * or `{ transport }` for any other (a test engine's `use()` calls this).
 *
 * @example
 * configure({ baseUrl: 'https://tasks.example.com', secretKey: process.env.BACKLOT_SECRET_KEY!, ref: 'prod' })
 */
export function configure(options: ConfigureOptions): void {
  if ('transport' in options && options.transport) {
    configured = options.transport
    return
  }
  configured = createHttpTransport(options as HttpTransportOptions)
}

/** Forgets `configure()`; the next trigger goes to the embedded default (or the environment's HTTP settings). */
export function resetConfiguration(): void {
  configured = undefined
}

/** The transport `configure()` set, if any (a test engine's `dispose()` puts it back). */
export function configuredTransport(): Transport | undefined {
  return configured
}

/** The transport in force: configured, else from BACKLOT_BASE_URL, else the embedded in-process engine. */
export function getTransport(): Transport {
  if (configured) return configured
  const env = readEnv()
  if (env.BACKLOT_BASE_URL) {
    configured = createHttpTransport({ baseUrl: env.BACKLOT_BASE_URL, secretKey: env.BACKLOT_SECRET_KEY ?? '', ref: env.BACKLOT_PROJECT_REF })
    return configured
  }
  return (embedded ??= createDefaultTransport())
}

/** The transport for a seed-style `config` argument: its own HTTP client when it names a `baseUrl`. */
export function transportFor(config: ClientConfig | undefined): Transport {
  if (config !== undefined && (typeof config !== 'object' || config === null)) {
    throw new ValidationError('INVALID_CONFIG', `Failed to read the client config: expected an object like { secretKey, ref }, got ${JSON.stringify(config)}.`)
  }
  if (config?.baseUrl) {
    return createHttpTransport({ baseUrl: config.baseUrl, secretKey: config.secretKey ?? '', ref: config.ref })
  }
  return getTransport()
}

function readEnv(): Record<string, string | undefined> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  return proc?.env ?? {}
}
