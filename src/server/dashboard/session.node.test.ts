import { describe, expect, it } from 'vitest'
import { createDashboardHandler } from '../dashboard-handler.js'

const KEY = 'sk_session_test'

/** A handler whose API answers 200 with the Authorization it received, or 401 without one. */
function handler() {
  const api = async (request: Request) => {
    const auth = request.headers.get('authorization')
    return auth ? Response.json({ auth }) : Response.json({ error: { code: 'UNAUTHORIZED', message: 'no key' } }, { status: 401 })
  }
  return createDashboardHandler({ api, secretKey: KEY, login: true })
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://backlot.example.com${path}`, { headers: { host: 'backlot.example.com', ...headers } })
const signIn = (secretKey: string, headers: Record<string, string> = {}) =>
  new Request('http://backlot.example.com/login', { method: 'POST', headers: { host: 'backlot.example.com', origin: 'http://backlot.example.com', 'content-type': 'application/json', ...headers }, body: JSON.stringify({ secretKey }) })

describe('the dashboard behind a sign-in', () => {
  it('gives the page no key until it signs in, then a session cookie that adds it', async () => {
    const h = handler()
    expect((await h(get('/api/v1/runs'))).status).toBe(401)
    const wrong = await h(signIn('sk_wrong'))
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/^Failed to sign in: .*Enter the BACKLOT_SECRET_KEY/)
    expect(wrong.headers.get('set-cookie')).toBeNull()

    const right = await h(signIn(KEY))
    expect(right.status).toBe(204)
    const cookie = right.headers.get('set-cookie')!
    expect(cookie).toMatch(/^backlot_session=\d+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/)
    expect(cookie).not.toContain(KEY)
    const session = cookie.split(';')[0]!
    expect(await (await h(get('/api/v1/runs', { cookie: session }))).json()).toEqual({ auth: `Bearer ${KEY}` })
  })

  it('refuses a forged, tampered or expired cookie, and marks the cookie Secure behind https', async () => {
    const h = handler()
    for (const cookie of ['backlot_session=9999999999999.AAAA', 'backlot_session=1.x', 'backlot_session=', 'other=1']) {
      expect((await h(get('/api/v1/runs', { cookie }))).status, cookie).toBe(401)
    }
    const session = (await h(signIn(KEY))).headers.get('set-cookie')!.split(';')[0]!
    const [, value] = session.split('=')
    const [expires, mac] = value!.split('.')
    expect((await h(get('/api/v1/runs', { cookie: `backlot_session=${Number(expires) + 1}.${mac}` }))).status).toBe(401)
    const secure = await h(signIn(KEY, { 'x-forwarded-proto': 'https', origin: 'https://backlot.example.com' }))
    expect(secure.status).toBe(204)
    expect(secure.headers.get('set-cookie')).toContain('; Secure')
  })

  it('accepts any Host (behind a load balancer) but still refuses another site’s page', async () => {
    const h = handler()
    const foreign = await h(signIn(KEY, { origin: 'https://evil.example' }))
    expect(foreign.status).toBe(403)
    const api = await h(new Request('http://backlot.example.com/api/v1/runs', { headers: { host: 'backlot.example.com', authorization: 'Bearer sk_client' } }))
    expect(await api.json()).toEqual({ auth: 'Bearer sk_client' })
  })
})
