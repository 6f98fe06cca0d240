import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { API_HEADERS } from '../protocol/api-version.js'
import { guardRequest, isOwnPage, type GuardOptions, type Refusal } from './dashboard/request-guard.js'
import { DashboardSessions } from './dashboard/session.js'
import { contentType, readAsset, resolveAsset } from './dashboard/static-assets.js'

export interface DashboardHandlerOptions extends GuardOptions {
  /** The platform API (`createPlatformApi(...)`): every request under `apiPrefix` goes to it. */
  api: (request: Request) => Promise<Response>
  /** The built SPA (`npm run build:dashboard`). Default: the package's `dist/dashboard/`. */
  assetsDir?: string
  /** Path prefix forwarded to `api`. Default `/api/`. */
  apiPrefix?: string
  /**
   * A key the platform accepts, added as `Authorization: Bearer` to API requests from the
   * dashboard's own page that carry none (the page holds no key). Without it, the page's requests
   * reach the API as they are.
   */
  secretKey?: string
  /**
   * Require a sign-in: the page's API requests get the key only with a session cookie, made by
   * `POST /login` with the secret key (src/server/dashboard/session.ts). For a dashboard reachable
   * from the network, where the key is the only thing between a visitor and the runs; the Host
   * check (against DNS rebinding of a keyless loopback page) is then not needed. Default false.
   */
  login?: boolean
}

/**
 * Where `npm run build:dashboard` wrote the SPA: `dist/dashboard/` of this package, seen from this
 * file in the sources (`src/server/`) or in the build (`dist/server/`, or a chunk in `dist/`).
 */
export const DEFAULT_DASHBOARD_DIR = findDashboardDir(['../../dist/dashboard/', '../dashboard/', './dashboard/'])

function findDashboardDir(candidates: string[]): string {
  const dirs = candidates.map((c) => fileURLToPath(new URL(c, import.meta.url)))
  return dirs.find((dir) => existsSync(join(dir, 'index.html'))) ?? dirs[0]!
}

// The page needs nothing from elsewhere: a script injected into a value could neither load nor call out.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

/**
 * The browser dashboard as a Web handler: the built SPA at `/` (index.html for client routes),
 * the platform API under `/api/`, and a guard that refuses another page's mutating requests and
 * foreign `Host` names (DNS rebinding) with a typed JSON error.
 *
 * @example
 * const api = createPlatformApi({ engine, secretKeys: [key] })
 * const dashboard = createDashboardHandler({ api, secretKey: key })
 * const server = await listen(dashboard, { port: 8288 })
 */
export function createDashboardHandler(options: DashboardHandlerOptions): (request: Request) => Promise<Response> {
  const root = options.assetsDir ?? DEFAULT_DASHBOARD_DIR
  const prefix = options.apiPrefix ?? '/api/'
  const sessions = options.login && options.secretKey !== undefined ? new DashboardSessions(options.secretKey) : undefined
  return async (request) => {
    const refusal = guardRequest(request, sessions ? { ...options, anyHost: true } : options)
    if (refusal) return refuse(refusal)
    const url = new URL(request.url)
    if (sessions && url.pathname === '/login' && request.method === 'POST') return signIn(request, sessions, url)
    if (url.pathname.startsWith(prefix)) return options.api(sessions && !sessions.valid(request, Date.now()) ? request : withKey(request, options))
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return json(405, 'METHOD_NOT_ALLOWED', `Failed to ${request.method} ${url.pathname}: the dashboard's pages are read with GET; the API lives under ${prefix}.`, { allow: 'GET, HEAD' })
    }
    return serveAsset(root, url.pathname, request.method === 'HEAD')
  }
}

async function serveAsset(root: string, pathname: string, head: boolean): Promise<Response> {
  const path = resolveAsset(root, pathname)
  if (path === undefined) return json(404, 'NOT_FOUND', `Failed to find ${JSON.stringify(pathname)}: the path is not one of the dashboard's files.`)
  let file = pathname === '/' ? undefined : await readAsset(path)
  let served = path
  if (!file) {
    // A client route (/runs/run_1) gets the app; a missing file (/assets/x.js) gets 404.
    if (/\.[a-z0-9]+$/i.test(pathname)) return json(404, 'NOT_FOUND', `Failed to find ${JSON.stringify(pathname)}: the dashboard has no such file. Reload the page; if it persists, rebuild with npm run build:dashboard.`)
    served = resolveAsset(root, '/index.html')!
    file = await readAsset(served)
    if (!file) return json(503, 'DASHBOARD_NOT_BUILT', `Failed to serve the dashboard: ${served} does not exist. Build it with npm run build:dashboard.`)
  }
  const immutable = pathname.startsWith('/assets/')
  return new Response(head ? null : (file as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers: { 'content-type': contentType(served), 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...PAGE_HEADERS },
  })
}

function withKey(request: Request, options: DashboardHandlerOptions): Request {
  if (options.secretKey === undefined || request.headers.has(API_HEADERS.authorization) || !isOwnPage(request, options)) return request
  const headers = new Headers(request.headers)
  headers.set(API_HEADERS.authorization, `Bearer ${options.secretKey}`)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return new Request(request.url, { method: request.method, headers, signal: request.signal, ...(hasBody ? { body: request.body, duplex: 'half' } : {}) } as RequestInit)
}

/** `POST /login` with `{ "secretKey": "…" }`: a session cookie for the right key, else 401. */
async function signIn(request: Request, sessions: DashboardSessions, url: URL): Promise<Response> {
  let given: unknown
  try {
    given = ((await request.json()) as { secretKey?: unknown } | null)?.secretKey
  } catch {
    given = undefined
  }
  if (typeof given !== 'string' || given.length > 1_024 || !sessions.matches(given)) {
    return json(401, 'UNAUTHORIZED', 'Failed to sign in: that is not the secret key of this platform. Enter the BACKLOT_SECRET_KEY the server was started with.')
  }
  return new Response(null, { status: 204, headers: { 'set-cookie': sessions.issue(Date.now(), url.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https'), 'cache-control': 'no-store' } })
}

function refuse(refusal: Refusal): Response {
  return json(refusal.status, refusal.code, refusal.message)
}

function json(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
}
