import { randomUUID } from 'node:crypto'
import type { Client, Pool } from 'pg'
import type { Engine } from '../../engine/engine.js'
import type { TaskPolicy } from '../../engine/executor.js'
import { ValidationError } from '../../errors/input-errors.js'
import { ApiError } from '../../platform/api-error.js'
import { errorResponse } from '../../platform/responses.js'
import { parseDuration } from '../../model/duration.js'
import { createDashboardHandler } from '../dashboard-handler.js'
import { loadTaskFiles } from '../dev/load-task-files.js'
import { listen, type Listening } from '../node-http.js'
import { createNodeFetch } from '../node-fetch.js'
import { importOptional } from '../optional-module.js'
import { migrate } from '../postgres/pg-schema.js'
import { redactUrl } from '../postgres/redact-url.js'
import { FORWARDED_HEADER, forwardRequest } from './forward.js'
import { startLeader, type Leader } from './leader.js'
import { Lease, LEASE_CHANNEL, type LeaseHolder } from './lease.js'
import type { ServerOptions } from './server-options.js'

/** The one lease: the replica holding it runs the engine; the others forward to it. */
const LEASE_NAME = 'engine'
/** Requests waiting here for a replica to take the lease, at most (the rest get 503 at once). */
const MAX_WAITING = 1_000

/** A running replica. */
export interface ReplicaServer {
  /** e.g. http://127.0.0.1:3030: the dashboard, and BACKLOT_BASE_URL for clients (any replica). */
  url: string
  /** This replica's id in the lease table. */
  id: string
  /** The engine, while this replica holds the lease. */
  readonly engine: Engine | undefined
  /** Whether this replica holds the lease now. */
  readonly leading: boolean
  /** Stops serving, gives the lease up (another replica takes it at once), closes the pool. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts one replica of the production platform on PostgreSQL. Any number may share a
 * database, behind one URL: one holds a lease and runs the engine (timers, the queue, crons,
 * invocations to the apps); every replica serves the dashboard and the platform API, forwarding
 * API requests to the holder. When the holder dies, its lease runs out and another replica
 * takes over, rebuilding every run from the database (docs/deploy.md, docs/decisions/postgres-platform.md).
 *
 * @example
 * const server = await startServer({ database: process.env.DATABASE_URL!, apps: ['http://app:3000/api/tasks'] })
 */
export async function startServer(options: ServerOptions): Promise<ReplicaServer> {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.log(line))
  const secretKey = options.secretKey ?? env.BACKLOT_SECRET_KEY
  const signingKey = options.signingKey ?? env.BACKLOT_SIGNING_KEY
  if (!secretKey) throw new ValidationError('INVALID_ARGUMENT', 'Failed to start backlot server: no secret key. Pass --secret-key or set BACKLOT_SECRET_KEY (the same on every replica); clients send it as a Bearer token.')
  if ((options.apps?.length ?? 0) > 0 && !signingKey) throw new ValidationError('INVALID_ARGUMENT', 'Failed to start backlot server: no signing key. Pass --signing-key or set BACKLOT_SIGNING_KEY to the key your apps verify with.')
  const leaseMs = options.leaseMs ?? 15_000
  const retainMs = parseDuration(options.retain ?? '7d', '--retain')
  const pg = await importOptional(() => import('pg'), 'pg', 'connect to PostgreSQL', 'Install it with `npm i pg`.')
  const tasks: TaskPolicy[] = (await loadTaskFiles(options.files ?? [])).map((t) => t.task)

  const pool: Pool = new pg.default.Pool({ connectionString: options.database, max: options.poolSize ?? 10 })
  pool.on('error', () => undefined) // an idle connection dropped by a database restart: the pool opens another
  const cleanups: (() => unknown)[] = [() => pool.end()]
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  }
  try {
    const client = await pool.connect()
    try {
      await migrate(client, redactUrl(options.database))
    } finally {
      client.release()
    }
    const id = `replica_${randomUUID()}`
    const waiters = new Set<() => void>()
    let leader: Leader | undefined
    let holder: LeaseHolder | undefined
    let lease: Lease | undefined
    let stopping = false

    const wakeWaiters = (): void => {
      for (const wake of waiters) wake()
      waiters.clear()
    }
    /** Waits (bounded) for a leader to be known: this replica or another. */
    const leaderKnown = (request: Request): Promise<void> =>
      new Promise<void>((resolve) => {
        if (waiters.size >= MAX_WAITING) return resolve()
        const timer = setTimeout(done, options.leaderWaitMs ?? 20_000)
        request.signal.addEventListener('abort', done, { once: true })
        waiters.add(done)
        function done(): void {
          clearTimeout(timer)
          waiters.delete(done)
          resolve()
        }
      })

    const api = async (request: Request): Promise<Response> => {
      for (let tries = 0; tries < 3; tries++) {
        if (leader && lease?.held()) return leader.api(request)
        if (holder?.live && holder.owner !== id && !request.headers.has(FORWARDED_HEADER)) {
          try {
            return await forwardRequest(request.clone(), holder.address)
          } catch (error) {
            holder = undefined // it died: wait for the next holder
            void elect()
            // A request that may have reached the holder is not sent twice: the client decides
            // (with its x-backlot-request-id, a retry gets the first answer from the next holder).
            if (!neverDelivered(error) && request.method !== 'GET' && request.method !== 'HEAD') return lostOnTheWay()
          }
        }
        await leaderKnown(request)
        if (request.signal.aborted || stopping) break
      }
      return unavailable(leaseMs)
    }

    // On a loopback address the page gets the key from the server, as in backlot dev; reachable
    // from the network, the dashboard asks for a sign-in with the secret key first.
    const host = options.host ?? '127.0.0.1'
    const login = options.dashboardSignIn ?? !['127.0.0.1', 'localhost', '::1'].includes(host)
    const listening: Listening = await listen(createDashboardHandler({ api, secretKey, login }), { port: options.port ?? 3030, host })
    cleanups.push(() => listening.close())
    lease = new Lease(pool, LEASE_NAME, id, options.advertise ?? listening.url, leaseMs)
    const theLease = lease
    const fetch = options.appFetch ?? createNodeFetch()
    const color = options.color ?? (process.stdout.isTTY === true && !env.NO_COLOR)

    const stepDown = async (why: string): Promise<void> => {
      const was = leader
      if (!was) return
      leader = undefined
      log(`lease ${LEASE_NAME} lost at epoch ${was.epoch} (${why}): this replica stops running the engine`)
      await was.close().catch(() => undefined)
    }

    // One election step at a time: renew while leading, else look for a holder and take a free lease.
    let electing: Promise<void> | undefined
    const elect = (): Promise<void> =>
      (electing ??= (async () => {
        try {
          if (stopping) return
          if (leader) {
            const renewed = await theLease.renew(leader.epoch).catch(() => undefined)
            if (renewed === false) await stepDown('another replica holds it')
            else if (renewed === undefined && !theLease.held()) await stepDown('the database did not answer within the lease')
            return
          }
          holder = await theLease.holder().catch(() => undefined)
          if (holder?.live) return
          const epoch = await theLease.tryAcquire().catch(() => undefined)
          if (epoch === undefined) {
            holder = await theLease.holder().catch(() => undefined)
            return
          }
          try {
            leader = await startLeader({ pool, leaseName: LEASE_NAME, epoch, tasks, secretKey, signingKey, fetch, log, color, retainMs, onFenced: () => void stepDown('the store was fenced'), options })
            holder = { epoch, owner: id, address: theLease.address, live: true }
            const r = leader.recovered
            log(`lease ${LEASE_NAME} taken at epoch ${epoch}: running ${r.runs} stored runs (${r.active} active${r.interrupted.length ? `, ${r.interrupted.length} interrupted and dispatched again` : ''})`)
          } catch (error) {
            log(`failed to take over at epoch ${epoch}: ${(error as Error)?.message ?? error}`)
            await theLease.release(epoch).catch(() => undefined)
          }
        } finally {
          electing = undefined
          if (leader || holder?.live) wakeWaiters()
        }
      })())

    const tick = setInterval(() => void elect(), Math.max(50, Math.floor(leaseMs / 3)))
    tick.unref()
    cleanups.push(() => clearInterval(tick))
    const listener = await listenForReleases(pg.default.Client, options.database, () => void elect())
    cleanups.push(() => listener.close())
    await elect()

    cleanups.push(async () => {
      stopping = true
      wakeWaiters()
      await electing
      const was = leader
      leader = undefined
      if (was) {
        await was.close().catch(() => undefined)
        await theLease.release(was.epoch).catch(() => undefined)
      }
    })

    log(`backlot server listening on ${listening.url} (replica ${id}${leader ? ', holding the lease' : `, forwarding to ${holder?.address ?? 'the lease holder'}`})`)
    log(`  clients:   BACKLOT_BASE_URL=<your load balancer, or ${listening.url}> BACKLOT_SECRET_KEY=…`)
    return {
      url: listening.url,
      id,
      get engine() {
        return leader?.engine
      },
      get leading() {
        return leader !== undefined
      },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** True when the connection to the holder was never made, so the request cannot have arrived. */
function neverDelivered(error: unknown): boolean {
  const code = ((error as { cause?: { code?: string } })?.cause ?? (error as { code?: string }))?.code
  return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'UND_ERR_CONNECT_TIMEOUT'
}

function lostOnTheWay(): Response {
  const message = 'Failed to serve the request: the replica holding the lease went away while it had it, so it may or may not have been applied. Retry with the same x-backlot-request-id (the SDK does) to get its answer without applying it twice.'
  return errorResponse(new ApiError(503, 'UNAVAILABLE', message, { 'retry-after': '1' }))
}

function unavailable(leaseMs: number): Response {
  const message = `Failed to serve the request: no replica holds the lease right now (one takes it within ${Math.ceil(leaseMs / 1000)} s of the last holder's end). Retry; the SDK's HTTP transport does.`
  return errorResponse(new ApiError(503, 'UNAVAILABLE', message, { 'retry-after': '1' }))
}

/**
 * LISTEN for a released lease on its own connection, so a clean hand-over takes one round trip
 * instead of a lease period. The polling tick stays the fallback: a lost connection is
 * re-opened on the next notification-free tick.
 */
async function listenForReleases(ClientClass: new (config: { connectionString: string }) => Client, url: string, onRelease: () => void): Promise<{ close(): Promise<void> }> {
  let client: Client | undefined
  let closed = false
  let retry: ReturnType<typeof setTimeout> | undefined
  const connect = async (): Promise<void> => {
    if (closed) return
    const c = new ClientClass({ connectionString: url })
    c.on('error', () => undefined)
    c.on('end', () => {
      if (closed) return
      retry = setTimeout(() => void connect().catch(() => undefined), 1_000)
      retry.unref()
    })
    c.on('notification', onRelease)
    try {
      await c.connect()
      await c.query(`LISTEN ${LEASE_CHANNEL}`)
      client = c
    } catch {
      await c.end().catch(() => undefined)
    }
  }
  await connect()
  return {
    async close() {
      closed = true
      clearTimeout(retry)
      await client?.end().catch(() => undefined)
    },
  }
}
