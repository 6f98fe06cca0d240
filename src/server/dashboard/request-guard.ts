const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Why a request was refused, as the typed JSON error the handler answers with. */
export interface Refusal {
  status: number
  code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN'
  message: string
}

export interface GuardOptions {
  /** The dashboard's own origin, e.g. `http://127.0.0.1:8288`. Default: any loopback host, any port. */
  origin?: string
  /** More host names (with port, as the `Host` header carries them) to accept, e.g. behind a proxy. */
  allowedHosts?: readonly string[]
  /** Accept any Host (a dashboard behind a sign-in and a load balancer). Default false. */
  anyHost?: boolean
}

/**
 * Refuses what a local tool must not answer: a `Host` that is not the dashboard's own (DNS
 * rebinding: another name resolving to 127.0.0.1), and a mutating request whose `Origin` is not
 * the dashboard's own (another web page posting to it). A mutating request with no `Origin` is a
 * non-browser client; it passes here and must bring its own credentials.
 *
 * @example
 * const refusal = guardRequest(request, { origin: 'http://127.0.0.1:8288' })
 */
export function guardRequest(request: Request, options: GuardOptions = {}): Refusal | undefined {
  const host = request.headers.get('host') ?? new URL(request.url).host
  if (!hostAllowed(host, options)) {
    return {
      status: 403,
      code: 'FORBIDDEN_HOST',
      message: `Failed to accept the request: its Host ${JSON.stringify(host)} is not this dashboard's (${options.origin ?? 'a loopback address'}). Open the dashboard at the URL the server printed, or add the name to allowedHosts.`,
    }
  }
  const origin = request.headers.get('origin')
  if (MUTATING.has(request.method) && origin !== null && origin !== ownOrigin(request, host, options)) {
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message: `Failed to accept the ${request.method} request: it comes from the page ${JSON.stringify(origin)}, not from this dashboard. Only the dashboard's own pages may change runs; call the API with a secret key from a script instead.`,
    }
  }
  return undefined
}

/** True when the request is the dashboard's own page talking (a same-origin fetch or an EventSource). */
export function isOwnPage(request: Request, options: GuardOptions = {}): boolean {
  const host = request.headers.get('host') ?? new URL(request.url).host
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === ownOrigin(request, host, options)
  // Browsers send Origin on every mutating fetch; a GET without it is same-origin or a navigation.
  return !MUTATING.has(request.method) && request.headers.get('sec-fetch-site') !== 'cross-site'
}

function ownOrigin(request: Request, host: string, options: GuardOptions): string {
  if (options.origin !== undefined) return options.origin.replace(/\/+$/, '')
  // Behind a load balancer that ends TLS, the page is https while this hop is http.
  const proto = options.anyHost ? request.headers.get('x-forwarded-proto') : null
  if (proto === 'https' || proto === 'http') return `${proto}://${host}`
  return `${new URL(request.url).protocol}//${host}`
}

function hostAllowed(host: string, options: GuardOptions): boolean {
  if (options.anyHost) return true
  if (options.allowedHosts?.includes(host)) return true
  if (options.origin !== undefined) return host === new URL(options.origin).host
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')
}
