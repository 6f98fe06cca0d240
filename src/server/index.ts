/**
 * @module backlot/server — Node-only pieces: HTTP adapters and listeners, the dev server
 * (`startDevServer`; its SQLite store and its TypeScript loader load their optional dependencies,
 * better-sqlite3 and esbuild, only when used).
 */
export { toNodeListener, toRequest, listen } from './node-http.js'
export { serveNode, toNodeHandler } from './serve-node.js'
export { createNodeFetch } from './node-fetch.js'
export { listenPlatform } from './platform-server.js'
export { startDevServer } from './dev/start-dev-server.js'
export { createDashboardHandler, DEFAULT_DASHBOARD_DIR } from './dashboard-handler.js'
export { startInspect, inspectEngine } from './inspect-server.js'
export type { FetchHandler, Listening } from './node-http.js'
export type { NodeHandler } from './serve-node.js'
export type { NodeFetch } from './node-fetch.js'
export type { PlatformServer, PlatformServerOptions } from './platform-server.js'
export type { DevServer } from './dev/start-dev-server.js'
export type { DevServerOptions } from './dev/dev-options.js'
export type { DashboardHandlerOptions } from './dashboard-handler.js'
export type { InspectOptions, InspectSession } from './inspect-server.js'
export type { ListenerLimits } from './listener-limits.js'
export type { SqliteRunStore } from './store/sqlite-run-store.js'
export { startServer } from './replicas/start-server.js'
export type { ReplicaServer } from './replicas/start-server.js'
export type { ServerOptions } from './replicas/server-options.js'
