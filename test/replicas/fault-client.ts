import type { Spawned } from './processes.js'

export const SECRET = 'sk_faults'
export const SIGNING = 'whsec_faults'

/**
 * Calls the platform API on any live replica, as a load balancer would: a replica that is
 * down, paused or answers 503 (a failover under way) is passed over for the next, until
 * `deadlineMs` of real time has gone by.
 */
export async function callAny(replicas: readonly (Spawned & { url: string })[], method: string, path: string, body?: unknown, deadlineMs = 30_000): Promise<unknown> {
  const until = Date.now() + deadlineMs
  let last = ''
  for (let i = 0; Date.now() < until; i++) {
    const live = replicas.filter((r) => !r.exited)
    const replica = live[i % Math.max(1, live.length)]
    if (!replica) {
      await new Promise((r) => setTimeout(r, 100))
      continue
    }
    try {
      const response = await fetch(`${replica.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', 'x-backlot-request-id': `req_${i}_${Math.random()}` },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      })
      const text = await response.text()
      if (response.ok) return text ? JSON.parse(text) : undefined
      last = `${response.status} ${text}`
      if (response.status < 500) throw new Error(`${method} ${path}: ${last}`)
    } catch (error) {
      if ((error as Error).message.startsWith(`${method} ${path}`)) throw error
      last = (error as Error).message
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`Failed to ${method} ${path} on any replica within ${deadlineMs} ms: ${last}`)
}
