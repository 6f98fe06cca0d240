/**
 * @module backlot/server — Node-only pieces: HTTP adapters and listeners.
 */
export { toNodeListener, toRequest, listen } from './node-http.js'
export { serveNode, toNodeHandler } from './serve-node.js'
export { createNodeFetch } from './node-fetch.js'
export { listenPlatform } from './platform-server.js'
export { createDashboardHandler, DEFAULT_DASHBOARD_DIR } from './dashboard-handler.js'
export { startInspect, inspectEngine } from './inspect-server.js'
export type { FetchHandler, Listening } from './node-http.js'
export type { NodeHandler } from './serve-node.js'
export type { NodeFetch } from './node-fetch.js'
export type { PlatformServer, PlatformServerOptions } from './platform-server.js'
export type { DashboardHandlerOptions } from './dashboard-handler.js'
export type { InspectOptions, InspectSession } from './inspect-server.js'
export type { ListenerLimits } from './listener-limits.js'
