import { createPlatformApi, type PlatformApi, type PlatformApiOptions } from '../platform/create-platform-api.js'
import type { ListenerLimits } from './listener-limits.js'
import { listen, type Listening } from './node-http.js'

export interface PlatformServerOptions extends PlatformApiOptions {
  /** Default 0: any free port. */
  port?: number
  /** Default 127.0.0.1. Bind 0.0.0.0 only behind TLS and a firewall. */
  host?: string
  /** Timeouts for slow clients and a connection cap (src/server/listener-limits.ts). */
  limits?: ListenerLimits
}

/** A listening platform API: its URL, the API function, and `close()` for both. */
export interface PlatformServer extends Listening {
  api: PlatformApi
}

/**
 * Serves the platform API (docs/protocol.md) over `node:http`, on 127.0.0.1 unless told
 * otherwise. `close()` ends open long-polls and event streams, then the server.
 *
 * @example
 * const server = await listenPlatform({ engine, secretKeys: [process.env.BACKLOT_SECRET_KEY!], port: 3030 })
 * configure({ baseUrl: server.url, secretKey: process.env.BACKLOT_SECRET_KEY! })
 * // ...
 * await server.close()
 */
export async function listenPlatform(options: PlatformServerOptions): Promise<PlatformServer> {
  const { port, host, limits, ...apiOptions } = options
  const api = createPlatformApi(apiOptions)
  const listening = await listen(api, { ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }), ...(limits === undefined ? {} : { limits }) })
  return {
    ...listening,
    api,
    async close() {
      api.close()
      await listening.close()
    },
  }
}
