import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDashboardHandler } from './dashboard-handler.js'

const dir = mkdtempSync(join(tmpdir(), 'backlot-dash-'))
mkdirSync(join(dir, 'assets'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>')
writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)')
writeFileSync(join(dir, 'assets', 'app-1.css'), 'body{}')
writeFileSync(join(dir, '..', 'secret-outside.txt'), 'TOP-SECRET-CONTENT')
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(join(dir, '..', 'secret-outside.txt'), { force: true })
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = (res: Response): Promise<any> => res.json()
const seen: Request[] = []
const api = async (request: Request): Promise<Response> => {
  seen.push(request)
  return new Response(JSON.stringify({ path: new URL(request.url).pathname, auth: request.headers.get('authorization'), body: request.body ? await request.text() : null }), { headers: { 'content-type': 'application/json' } })
}
const handler = createDashboardHandler({ api, assetsDir: dir, secretKey: 'sk_dash' })
const BASE = 'http://127.0.0.1:8288'
const get = (path: string, headers: Record<string, string> = {}) => handler(new Request(`${BASE}${path}`, { headers: { host: '127.0.0.1:8288', ...headers } }))
const post = (path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`${BASE}${path}`, { method: 'POST', body: '{"payload":1}', headers: { host: '127.0.0.1:8288', 'content-type': 'application/json', ...headers } }))

describe('createDashboardHandler: the SPA', () => {
  it('serves index.html at / and for client routes, with a strict content security policy', async () => {
    for (const path of ['/', '/runs/run_1', '/crons?x=1']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await res.text()).toContain('id="app"')
    }
  })

  it('serves built assets with their content types and long caching', async () => {
    const js = await get('/assets/app-1.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect((await get('/assets/app-1.css')).headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await get('/assets/missing.js')).status).toBe(404)
  })

  it('never serves a file outside the assets folder', async () => {
    for (const path of ['/../secret-outside.txt', '/%2e%2e/secret-outside.txt', '/assets/..%2f..%2fsecret-outside.txt', '/..%5csecret-outside.txt', '/%00']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('TOP-SECRET-CONTENT')
    }
  })

  it('answers 503 DASHBOARD_NOT_BUILT when the SPA has not been built', async () => {
    const bare = createDashboardHandler({ api, assetsDir: join(dir, 'nope') })
    const res = await bare(new Request(`${BASE}/`, { headers: { host: '127.0.0.1:8288' } }))
    expect(res.status).toBe(503)
    expect((await body(res)).error.message).toMatch(/npm run build:dashboard/)
  })
})

describe('createDashboardHandler: the API and its guard', () => {
  it('forwards the API prefix, adding the key to the own page requests', async () => {
    const res = await post('/api/v1/tasks/x/trigger', { origin: BASE })
    expect(await body(res)).toEqual({ path: '/api/v1/tasks/x/trigger', auth: 'Bearer sk_dash', body: '{"payload":1}' })
    const own = await get('/api/v1/runs', { authorization: 'Bearer sk_other' })
    expect((await body(own)).auth).toBe('Bearer sk_other')
  })

  it('refuses a mutating request from another origin with 403 FORBIDDEN_ORIGIN', async () => {
    const before = seen.length
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await handler(new Request(`${BASE}/api/v1/runs/run_1/cancel`, { method, headers: { host: '127.0.0.1:8288', origin: 'http://evil.example' } }))
      expect(res.status).toBe(403)
      expect((await body(res)).error).toEqual({ code: 'FORBIDDEN_ORIGIN', message: expect.stringMatching(/^Failed to accept the \w+ request: it comes from the page "http:\/\/evil.example"/) })
    }
    expect(seen.length).toBe(before)
  })

  it('refuses a foreign Host (DNS rebinding) with 403 FORBIDDEN_HOST, even for reads', async () => {
    const res = await get('/api/v1/runs', { host: 'evil.example:8288' })
    expect(res.status).toBe(403)
    expect((await body(res)).error.code).toBe('FORBIDDEN_HOST')
    expect((await get('/', { host: 'localhost:8288' })).status).toBe(200)
  })

  it('pins the host and origin when told its own origin', async () => {
    const pinned = createDashboardHandler({ api, assetsDir: dir, origin: 'http://127.0.0.1:8288' })
    const other = await pinned(new Request(`${BASE}/`, { headers: { host: 'localhost:8288' } }))
    expect(other.status).toBe(403)
    const cross = await pinned(new Request(`${BASE}/api/v1/crons`, { method: 'POST', headers: { host: '127.0.0.1:8288', origin: 'http://localhost:8288' } }))
    expect((await body(cross)).error.code).toBe('FORBIDDEN_ORIGIN')
  })

  it('passes a script without Origin but adds no key to it, and no key to a cross-site read', async () => {
    const script = await post('/api/v1/tasks/x/trigger')
    expect((await body(script)).auth).toBeNull()
    const crossRead = await get('/api/v1/runs', { 'sec-fetch-site': 'cross-site' })
    expect((await body(crossRead)).auth).toBeNull()
  })
})
