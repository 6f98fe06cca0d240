import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The cookie a signed-in dashboard page carries. */
export const SESSION_COOKIE = 'backlot_session'
/** How long a sign-in lasts. */
const SESSION_MS = 12 * 3_600_000

/**
 * Sign-in for a dashboard reachable from the network (`backlot server` on a non-loopback
 * address): the page posts the secret key once and gets an HttpOnly, SameSite=Strict cookie
 * holding an expiry and its HMAC under the key, so the key never sits in the page and another
 * site's page cannot use the cookie. Rotating the secret key signs everyone out.
 */
export class DashboardSessions {
  constructor(private readonly secretKey: string) {}

  /** True when `given` is the secret key (compared in constant time). */
  matches(given: string): boolean {
    const a = createHash('sha256').update(given).digest()
    const b = createHash('sha256').update(this.secretKey).digest()
    return timingSafeEqual(a, b)
  }

  /** The Set-Cookie header of a new session; `secure` when the page was served over https. */
  issue(now: number, secure: boolean): string {
    const expires = now + SESSION_MS
    const value = `${expires}.${this.sign(expires)}`
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}${secure ? '; Secure' : ''}`
  }

  /** True when the request carries a session cookie this key signed, not yet expired. */
  valid(request: Request, now: number): boolean {
    const cookie = request.headers.get('cookie')
    if (!cookie) return false
    for (const part of cookie.split(';')) {
      const [name, value] = part.trim().split('=', 2)
      if (name !== SESSION_COOKIE || !value) continue
      const [expires, mac] = value.split('.', 2)
      const at = Number(expires)
      if (!mac || !Number.isSafeInteger(at) || at <= now) return false
      const want = Buffer.from(this.sign(at))
      const got = Buffer.from(mac)
      return got.length === want.length && timingSafeEqual(got, want)
    }
    return false
  }

  private sign(expires: number): string {
    return createHmac('sha256', this.secretKey).update(`dashboard-session:${expires}`).digest('base64url')
  }
}
