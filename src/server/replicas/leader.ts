import type { Pool } from 'pg'
import type { Clock } from '../../clock/clock.js'
import { systemClock } from '../../clock/system-clock.js'
import { VirtualClock } from '../../clock/virtual-clock.js'
import { Engine } from '../../engine/engine.js'
import type { FetchLike } from '../../engine/http-executor.js'
import type { RecoveryReport } from '../../engine/recover.js'
import { TimeDriver } from '../../engine/time-driver.js'
import type { TaskPolicy } from '../../engine/executor.js'
import { createPlatformApi } from '../../platform/create-platform-api.js'
import { isBacklotError } from '../../errors/backlot-error.js'
import { AppWatchers } from '../dev/app-watchers.js'
import { durableApi } from '../dev/durable-api.js'
import { startRetention } from '../dev/retention.js'
import { runLogger } from '../dev/run-log.js'
import { openPostgresRunStore } from '../postgres/open-postgres-run-store.js'
import { REQUEST_TTL_MS, type PostgresRunStore } from '../postgres/pg-run-store.js'
import type { LoggedAnswer, RequestLog } from '../../platform/request-log.js'
import type { ServerOptions } from './server-options.js'

/** What a replica runs while it holds the lease. */
export interface Leader {
  readonly epoch: number
  readonly engine: Engine
  readonly recovered: RecoveryReport
  /** The platform API, answering once every change a request made is committed. */
  api(request: Request): Promise<Response>
  /** Stops dispatching at once (outcomes still in flight are discarded), then ends the API. */
  close(): Promise<void>
}

export interface LeaderContext {
  pool: Pool
  leaseName: string
  epoch: number
  tasks: readonly TaskPolicy[]
  secretKey: string
  signingKey: string | undefined
  fetch: FetchLike
  log: (line: string) => void
  color: boolean
  retainMs: number
  /** Called when the store refuses a write because another replica took the lease. */
  onFenced: () => void
  options: ServerOptions
}

/**
 * Takes over the platform at `epoch`: opens the store fenced on that epoch, rebuilds every run
 * from it (an attempt the previous holder had in flight is recorded as interrupted and
 * dispatched again, src/engine/recover.ts), re-arms timers and crons, and serves the API.
 */
export async function startLeader(ctx: LeaderContext): Promise<Leader> {
  const { options } = ctx
  const store = await openPostgresRunStore({ pool: ctx.pool, connectionString: options.database, fence: { name: ctx.leaseName, epoch: ctx.epoch } })
  const cleanups: (() => unknown)[] = []
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  }
  try {
    const stored = await store.load()
    const clock: Clock = options.clock === 'virtual' ? new VirtualClock(stored.lastAt ?? options.startAt ?? Date.now()) : systemClock()
    const engine = new Engine({ clock, store, retention: false, ...(options.seed !== undefined ? { seed: options.seed } : {}) })
    cleanups.push(() => store.close().catch(() => undefined)) // a fenced store refuses the final flush: nothing of it may land
    cleanups.push(() => engine.dispose())
    for (const task of ctx.tasks) engine.register(task)

    const apps = new AppWatchers(engine, options.apps ?? [], { signingKey: ctx.signingKey ?? '', fetch: ctx.fetch, log: ctx.log })
    await apps.refresh()
    const recovered = await engine.recover(stored)
    apps.waitFor(recovered.orphaned)
    cleanups.push(apps.start(options.manifestIntervalMs ?? 10_000))
    // Writes that failed (the database restarting) are retried each second even when nothing
    // new is written; a store fenced by another replica's epoch means this one stops leading.
    const retry = setInterval(() => {
      if (store.fenced) ctx.onFenced()
      else store.flush().catch(() => undefined)
    }, 1_000)
    retry.unref()
    cleanups.push(() => clearInterval(retry))
    cleanups.push(startRetention(engine, { retainMs: ctx.retainMs, maxEnded: options.retainRuns ?? 100_000 }))
    cleanups.push(engine.subscribe(runLogger(ctx.log, ctx.color)))

    const driver = clock instanceof VirtualClock ? (options.timeDriver?.(engine, clock) ?? new TimeDriver(engine, clock)) : undefined
    const drive = driver && options.driveOnWait ? { drive: (runId: string) => driver.untilEnded(runId) } : {}
    const platform = createPlatformApi({ engine, secretKeys: [ctx.secretKey], requestLog: requestLog(store), ...(driver ? { timeDriver: driver } : {}), ...drive })
    cleanups.push(() => platform.close())
    options.onLeader?.({ engine, clock, epoch: ctx.epoch, ...(driver ? { driver } : {}) })
    return {
      epoch: ctx.epoch,
      engine,
      recovered,
      api: durableApi(platform, store, (error) => {
        if (isBacklotError(error) && error.code === 'STORE_FENCED') ctx.onFenced()
      }),
      close,
    }
  } catch (error) {
    await close()
    await store.close().catch(() => undefined)
    throw error
  }
}

/** Answers by request id in the database, so a retry after a failover gets the first answer. */
function requestLog(store: PostgresRunStore): RequestLog {
  return {
    async find(key) {
      const found = await store.findRequest(key, REQUEST_TTL_MS)
      return found && { fingerprint: found.fingerprint, answer: JSON.parse(found.answer) as LoggedAnswer }
    },
    remember: (key, fingerprint, answer) => store.rememberRequest(key, fingerprint, JSON.stringify(answer)),
  }
}
