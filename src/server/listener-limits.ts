import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http'

/**
 * How long a Node listener waits for a slow client, and how many it holds at once. Defaults
 * suit a platform or an app behind a proxy; every wait is far below Node's own 300 s.
 */
export interface ListenerLimits {
  /** All request headers must arrive within this (ms). Default 10,000. */
  headersTimeoutMs?: number
  /** The whole request, body included, must arrive within this (ms); else 408 and the connection closes. Default 30,000. */
  requestTimeoutMs?: number
  /** A connection with no traffic either way for this long (ms) is closed. Above the 60 s long-poll and the 15 s stream heartbeat. Default 75,000. */
  idleTimeoutMs?: number
  /** How long an idle keep-alive connection stays open between requests (ms). Default 5,000. */
  keepAliveTimeoutMs?: number
  /** Open connections at most; more are refused at once. Default 1,024. */
  maxConnections?: number
}

/** `createServer` options for the limits (Node checks the request timeout on an interval). */
export function serverOptions(limits: ListenerLimits = {}): ServerOptions {
  const requestTimeout = limits.requestTimeoutMs ?? 30_000
  const headersTimeout = Math.min(limits.headersTimeoutMs ?? 10_000, requestTimeout)
  return {
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
  }
}

/** Sets the limits `createServer` options cannot carry. */
export function applyLimits(server: Server, limits: ListenerLimits = {}): void {
  server.timeout = limits.idleTimeoutMs ?? 75_000
  server.maxConnections = limits.maxConnections ?? 1_024
}

/**
 * After answering a request whose body was not read in full (a 401, a 413), close the
 * connection instead of draining a body that may trickle in for minutes. Call before the
 * headers are written.
 */
export function closeIfUnread(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.method === 'GET' || req.method === 'HEAD') return
  res.setHeader('connection', 'close')
  // The socket is detached from req once the answer is written: hold on to it now.
  const socket = req.socket
  res.once('finish', () => socket?.destroySoon())
}
