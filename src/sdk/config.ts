import { ValidationError } from '../errors/input-errors.js'
import { environment } from '../model/builtin-module.js'
import type { Transport } from '../transport/transport.js'
import { createHttpTransport, type HttpTransportOptions } from '../transport/http/http-transport.js'

/** The `config` argument of `getTask`, `cancelTask`, `createCron` (seed 000). */
export interface ClientConfig {
  secretKey?: string
  ref?: string
  /** The platform's API address; with it, calls go over HTTP. */
  baseUrl?: string
}

/**
 * Where triggers go: `{ baseUrl, secretKey, ref }` for a platform over HTTP, `{ transport }` for
 * any transport object (a test engine's `use()`), or `{ transport: 'embedded' }` to run tasks in
 * this process even where `BACKLOT_SECRET_KEY` is set.
 */
export type ConfigureOptions = { transport: Transport | 'embedded' } | HttpTransportOptions

/** Makes the embedded default transport; the package entry registers it (the SDK never imports the engine). */
export type EmbeddedTransportFactory = () => Transport

// Held on globalThis under a registry symbol so every copy of backlot in one process (an ESM
// and a CommonJS copy, two bundles) reads and writes the same configuration.
interface SharedConfig {
  configured: Transport | undefined
  embedded: Transport | undefined
  embeddedFactory: EmbeddedTransportFactory | undefined
}
const SHARED = Symbol.for('backlot.config')

function shared(): SharedConfig {
  const holder = globalThis as { [SHARED]?: SharedConfig }
  return (holder[SHARED] ??= { configured: undefined, embedded: undefined, embeddedFactory: undefined })
}

/**
 * Chooses where triggers go. With nothing configured, runs go to an in-process engine on the
 * real clock (the embedded default). Pass `{ baseUrl, secretKey, ref }` for the HTTP transport,
 * or `{ transport }` for any other (a test engine's `use()` calls this).
 *
 * @example
 * configure({ baseUrl: 'https://tasks.example.com', secretKey: process.env.BACKLOT_SECRET_KEY!, ref: 'prod' })
 */
export function configure(options: ConfigureOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('INVALID_CONFIG', `Failed to configure backlot: expected an object like { baseUrl, secretKey } or { transport }, got ${String(options)}.`)
  }
  const state = shared()
  if ('transport' in options && options.transport) {
    state.configured = options.transport === 'embedded' ? embeddedTransport() : options.transport
    return
  }
  state.configured = createHttpTransport(options as HttpTransportOptions)
}

/** Forgets `configure()`; the next trigger goes to the embedded default (or the environment's HTTP settings). */
export function resetConfiguration(): void {
  shared().configured = undefined
}

/** The transport `configure()` set, if any (a test engine's `dispose()` puts it back). */
export function configuredTransport(): Transport | undefined {
  return shared().configured
}

/** Registers the embedded default; the package entry calls this once, lazily loading the engine. */
export function registerEmbeddedTransport(factory: EmbeddedTransportFactory): void {
  shared().embeddedFactory ??= factory
}

/**
 * The transport in force: configured, else from `BACKLOT_BASE_URL`, else the embedded
 * in-process engine. A secret key without a base URL is an error rather than a quiet local run.
 */
export function getTransport(): Transport {
  const state = shared()
  if (state.configured) return state.configured
  const env = environment()
  if (env.BACKLOT_BASE_URL) {
    state.configured = createHttpTransport({ baseUrl: env.BACKLOT_BASE_URL, secretKey: env.BACKLOT_SECRET_KEY ?? '', ref: env.BACKLOT_PROJECT_REF })
    return state.configured
  }
  if (env.BACKLOT_SECRET_KEY) {
    throw new ValidationError(
      'MISSING_BASE_URL',
      'Failed to choose where runs go: BACKLOT_SECRET_KEY is set but BACKLOT_BASE_URL is not, so this trigger would run in this process instead of on the platform. ' +
        "Set BACKLOT_BASE_URL to the platform's address (the URL `backlot dev` prints), or call configure({ transport: 'embedded' }) to run tasks in this process on purpose.",
    )
  }
  return embeddedTransport()
}

function embeddedTransport(): Transport {
  const state = shared()
  if (state.embedded) return state.embedded
  if (!state.embeddedFactory) {
    throw new ValidationError(
      'NO_TRANSPORT',
      'Failed to choose where runs go: nothing is configured and no embedded engine is registered. ' +
        "Import from 'backlot' (its entry registers the embedded engine), or call configure({ baseUrl, secretKey }).",
    )
  }
  return (state.embedded = state.embeddedFactory())
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
