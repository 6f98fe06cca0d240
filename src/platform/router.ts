import type { RouteHandler } from './context.js'

interface Route {
  method: string
  segments: string[]
  handler: RouteHandler
}

/** The outcome of matching a path: a handler with its params, a path with other methods, or nothing. */
export type RouteMatch = { handler: RouteHandler; params: Record<string, string> } | { allowed: string[] } | undefined

/**
 * A tiny path router: `/runs/:runId/cancel` style patterns, params URL-decoded.
 *
 * @example
 * const router = new Router().on('GET', '/runs/:runId', getRun)
 */
export class Router {
  private readonly routes: Route[] = []

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: split(pattern), handler })
    return this
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path)
    const allowed: string[] = []
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts)
      if (!params) continue
      if (route.method === method) return { handler: route.handler, params }
      allowed.push(route.method)
    }
    return allowed.length ? { allowed } : undefined
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!
    const part = parts[i]!
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part)
      } catch {
        return undefined
      }
    } else if (p !== part) return undefined
  }
  return params
}
