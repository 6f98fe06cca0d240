/**
 * @module backlot/platform — the app → platform HTTP API over an engine (docs/protocol.md).
 */
export { createPlatformApi } from './create-platform-api.js'
export type { PlatformApi, PlatformApiOptions } from './create-platform-api.js'
