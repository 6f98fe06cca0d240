import type { Clock } from '../../clock/clock.js'
import type { Engine } from '../../engine/engine.js'
import type { FetchLike } from '../../engine/http-executor.js'
import type { TimeDriver } from '../../engine/time-driver.js'
import type { VirtualClock } from '../../clock/virtual-clock.js'
import type { Duration } from '../../model/duration.js'

/** Options of `startServer` (what `backlot server` flags set). */
export interface ServerOptions {
  /** PostgreSQL connection URL, e.g. postgres://backlot@db:5432/backlot. Every replica gets the same. */
  database: string
  /** URLs of apps' serve() routes, whose tasks run by signed POSTs. */
  apps?: readonly string[]
  /** Task files (.ts or .js) whose exported tasks run in this process (every replica loads the same files). */
  files?: readonly string[]
  /** Default 3030; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /**
   * The URL other replicas reach this one at, to forward API requests while it holds the lease.
   * Default: the URL it listens on (set it when listening on 0.0.0.0 or behind NAT).
   */
  advertise?: string
  /**
   * Whether the dashboard asks for a sign-in with the secret key (an HttpOnly session cookie)
   * before it shows anything. Default: yes unless bound to a loopback address, where the page
   * gets the key from the server as in `backlot dev`.
   */
  dashboardSignIn?: boolean
  /** Default BACKLOT_SECRET_KEY. Clients send it as a Bearer token. Required. */
  secretKey?: string
  /** Default BACKLOT_SIGNING_KEY. Execution requests to apps are signed with it. Required with apps. */
  signingKey?: string
  /** Connections this replica opens to PostgreSQL, at most. Default 10. */
  poolSize?: number
  /** How long the lease lasts unrenewed (ms): how long the work waits when its replica dies. Default 15,000. */
  leaseMs?: number
  /** How long a request waits for a replica to take the lease before it gets 503. Default 20,000 ms. */
  leaderWaitMs?: number
  /** Ended runs older than this are removed. Default '7d'. */
  retain?: Duration
  /** At most this many ended runs are kept. Default 100,000. */
  retainRuns?: number
  /** How often an app's manifest is re-read, in ms. Default 10,000. */
  manifestIntervalMs?: number
  /** Where the server's lines go. Default console.log. */
  log?: (line: string) => void
  /** ANSI colours in the run lines. Default: when stdout is a TTY and NO_COLOR is unset. */
  color?: boolean
  /** Environment the keys are read from. Default process.env. */
  env?: Record<string, string | undefined>
  /** Tests: 'virtual' runs the engine on a virtual clock moved through the clock API. Default 'system'. */
  clock?: 'system' | 'virtual'
  /** Tests: where a virtual clock starts on an empty database (epoch ms). Default: now. */
  startAt?: number
  /** Tests: a long-poll for a run's end on a virtual clock drives the clock until it ends. */
  driveOnWait?: boolean
  /** Tests and embedding: the fetch execution requests go out through (default: keep-alive node:http). */
  appFetch?: FetchLike
  /** Tests: seeds run ids and jitter. */
  seed?: number
  /** Tests: makes the TimeDriver a virtual clock is moved with. */
  timeDriver?: (engine: Engine, clock: VirtualClock) => TimeDriver
  /** Called each time this replica takes the lease, with the engine it now runs. */
  onLeader?: (leader: { engine: Engine; clock: Clock; epoch: number; driver?: TimeDriver }) => void
}
