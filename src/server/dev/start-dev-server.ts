import path from 'node:path'
import type { Clock } from '../../clock/clock.js'
import { systemClock } from '../../clock/system-clock.js'
import { VirtualClock } from '../../clock/virtual-clock.js'
import { Engine } from '../../engine/engine.js'
import type { RecoveryReport } from '../../engine/recover.js'
import { TimeDriver } from '../../engine/time-driver.js'
import { createPlatformApi } from '../../platform/create-platform-api.js'
import { parseDuration } from '../../model/duration.js'
import { MemoryRunStore } from '../../store/memory-run-store.js'
import type { RunStore, StoredState } from '../../store/run-store.js'
import { listen, type FetchHandler, type Listening } from '../node-http.js'
import { ValidationError } from '../../errors/input-errors.js'
import { createNodeFetch } from '../node-fetch.js'
import { importOptional } from '../optional-module.js'
import { AppWatchers } from './app-watchers.js'
import { devKeys } from './dev-keys.js'
import type { DevServerOptions } from './dev-options.js'
import { durableApi } from './durable-api.js'
import { loadTaskFiles } from './load-task-files.js'
import { startRetention } from './retention.js'
import { runLogger } from './run-log.js'
import { createDashboardHandler } from '../dashboard-handler.js'

/** A running dev server. */
export interface DevServer {
  /** e.g. http://127.0.0.1:8288: the dashboard, and BACKLOT_BASE_URL for clients. */
  url: string
  secretKey: string
  signingKey: string
  engine: Engine
  /** Moves the virtual clock (only with `clock: 'virtual'`). */
  driver?: TimeDriver
  /** What the engine rebuilt from the store at start. */
  recovered: RecoveryReport
  /** Where each task comes from: the task file's path, or the app's URL. */
  sources: Map<string, string>
  /** Stops the listener, the engine and the app watchers, then closes the store. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts the dev server: the engine on a crash-consistent store in `data` (or in memory with
 * `ephemeral`), the tasks of `files` in this process and of `apps` over signed HTTP, behind
 * the platform API on 127.0.0.1. Runs stored by an earlier start are recovered first.
 *
 * @example
 * const server = await startDevServer({ files: ['src/tasks.ts'], port: 0 })
 * configure({ baseUrl: server.url, secretKey: server.secretKey })
 * await server.close()
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const env = options.env ?? process.env
  const dataDir = options.ephemeral ? undefined : path.resolve(options.data ?? '.backlot')
  const color = options.color ?? (process.stdout.isTTY === true && !env.NO_COLOR)
  const keys = devKeys({ secretKey: options.secretKey, signingKey: options.signingKey }, env, dataDir)
  const retainMs = parseDuration(options.retain ?? '7d', '--retain')
  // --ephemeral still goes through a store, so retention bounds memory the same way.
  const store: RunStore = dataDir ? (await openDiskStore())(dataDir) : new MemoryRunStore()
  const cleanups: (() => unknown)[] = [() => store.close()]
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  }
  try {
    const stored: StoredState = await store.load()
    const clock: Clock = options.clock === 'virtual' ? new VirtualClock(stored.lastAt ?? Date.now()) : systemClock()
    const engine = new Engine({ clock, store, retention: false }) // the store's compaction forgets runs, in memory and on disk together
    cleanups.push(() => engine.dispose())
    const sources = new Map<string, string>()
    for (const { task, file } of await loadTaskFiles(options.files ?? [])) {
      engine.register(task)
      sources.set(task.id, file)
    }

    const apps = new AppWatchers(engine, options.apps ?? [], {
      signingKey: keys.signingKey,
      fetch: createNodeFetch(),
      log,
      onAdded: (url, ids) => {
        for (const id of ids) sources.set(id, url)
      },
    })
    // An app that is down at start is retried with every manifest read (its runs wait for it).
    await apps.refresh()
    const recovered = await engine.recover(stored)
    const orphaned = recovered.orphaned
    apps.waitFor(orphaned)
    cleanups.push(apps.start(options.manifestIntervalMs ?? 2_000))
    cleanups.push(startRetention(engine, { retainMs, maxEnded: options.retainRuns ?? 100_000 }))
    cleanups.push(engine.subscribe(runLogger(log, color)))

    // On a virtual clock, one driver moves time for the dashboard's Clock page and for callers.
    const driver = clock instanceof VirtualClock ? new TimeDriver(engine, clock) : undefined
    const api = createPlatformApi({ engine, secretKeys: [keys.secretKey], ...(driver ? { timeDriver: driver } : {}) })
    const platform = durableApi(api, store)
    // The dashboard at /, the platform API under /api/v1; mutations from other origins and
    // requests naming another Host are refused, and the page gets the key from the server.
    const handler: FetchHandler = createDashboardHandler({ api: platform, secretKey: keys.secretKey })
    const listening = await listenOrExplain(handler, options.port ?? 8288, options.host ?? '127.0.0.1')
    cleanups.push(() => listening.close())
    cleanups.push(() => api.close()) // runs first: long-polls answer and event streams end, so the listener can close

    const server: DevServer = { url: listening.url, ...keys, engine, recovered, sources, close, ...(driver ? { driver } : {}) }
    for (const line of banner(server, options, dataDir, orphaned)) log(line)
    return server
  } catch (error) {
    await close()
    throw error
  }
}

/** Listens on the port asked for (no scanning); a port in use or refused gets an error naming the fix. */
async function listenOrExplain(handler: FetchHandler, port: number, host: string): Promise<Listening> {
  try {
    return await listen(handler, { port, host })
  } catch (error) {
    const code = (error as { code?: string })?.code
    const reason = code === 'EADDRINUSE' ? 'the port is in use (another backlot dev?)' : code === 'EACCES' ? 'this user may not bind it' : (error as Error)?.message ?? String(error)
    throw new ValidationError('INVALID_ARGUMENT', `Failed to start backlot dev on ${host}:${port}: ${reason}. Stop what holds it, or pass --port <another port> (--port 0 picks a free one).`, { cause: error })
  }
}

function banner(server: DevServer, options: DevServerOptions, dataDir: string | undefined, orphaned: string[]): string[] {
  const r = server.recovered
  const lines = [
    `backlot dev listening on ${server.url}`,
    `  dashboard: ${server.url}/`,
    `  clients:   BACKLOT_BASE_URL=${server.url} BACKLOT_SECRET_KEY=${server.secretKey}`,
    `  apps:      BACKLOT_SIGNING_KEY=${server.signingKey}`,
    `  tasks:     ${server.engine.taskIds().join(', ') || 'none (pass task files or --app <url>)'}`,
    `  store:     ${dataDir ? `${dataDir} (${r.runs} runs, ${r.active} active${r.interrupted.length ? `, ${r.interrupted.length} interrupted and dispatched again` : ''})` : 'in memory (--ephemeral)'}; clock: ${options.clock === 'virtual' ? `virtual, at ${new Date(server.engine.clock.now()).toISOString()} (it moves only when driven)` : 'system'}`,
  ]
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') lines.push(`  warning:   bound to ${host}: anyone who can reach this address and holds the secret key can run tasks`)
  if (orphaned.length > 0) lines.push(`  waiting:   ${orphaned.length} run(s) of tasks not loaded (${orphaned.slice(0, 5).join(', ')}${orphaned.length > 5 ? ', …' : ''}): load their tasks, or cancel them`)
  if (r.unreadable.length > 0) lines.push(`  unreadable: ${r.unreadable.length} stored run(s) could not be rebuilt and were left out (${r.unreadable.slice(0, 5).join(', ')})`)
  return lines
}

// The SQLite store loads better-sqlite3, an optional dependency: only a durable dev server needs it.
async function openDiskStore(): Promise<(dir: string) => RunStore> {
  const sqlite = await importOptional(
    () => import('../store/sqlite-run-store.js'),
    'better-sqlite3',
    'open the data directory',
    'Install it with `npm i -D better-sqlite3@12`, or pass --ephemeral to keep runs in memory.',
  )
  return sqlite.openSqliteRunStore
}
