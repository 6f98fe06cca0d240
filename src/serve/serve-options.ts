import type { AnyTask } from '../sdk/task-types.js'
import { environment } from '../model/builtin-module.js'

/** Options of `serve()`. */
export interface ServeOptions {
  /** The tasks this app runs. Ids must be unique. */
  tasks: readonly AnyTask[]
  /** The key the platform signs requests with. Default: env BACKLOT_SIGNING_KEY, read per request. */
  signingKey?: string
  /** The previous key, accepted as well while a rotation is under way. Default: env BACKLOT_SIGNING_KEY_FALLBACK. */
  signingKeyFallback?: string
  /** Turns signature verification OFF. Local development only. Default: env BACKLOT_DEV=1 (or "true"). */
  dev?: boolean
  /** Largest request body in bytes; larger ones get 413. Default 1 MiB. */
  bodyLimit?: number
  /** How far a signature's timestamp may be from this clock, in seconds. Default 300. */
  toleranceSeconds?: number
  /** Most signatures remembered for replay protection; when full of live ones, requests get 503. Default 100,000. */
  replayCacheSize?: number
}

/** Largest execution request `serve()` accepts by default: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1_048_576

/** What a request is checked with, resolved when it arrives (so env set after import counts). */
export interface ServeSecurity {
  dev: boolean
  signingKey?: string
  signingKeyFallback?: string
}

export function resolveSecurity(options: ServeOptions): ServeSecurity {
  const env = environment()
  const dev = options.dev ?? isTruthy(env.BACKLOT_DEV)
  const signingKey = options.signingKey || env.BACKLOT_SIGNING_KEY || undefined
  const signingKeyFallback = options.signingKeyFallback || env.BACKLOT_SIGNING_KEY_FALLBACK || undefined
  return { dev, signingKey, signingKeyFallback }
}

function isTruthy(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true'
}

