import type { Duration } from '../../model/duration.js'

/** Options of `startDevServer` (what `backlot dev` flags set). */
export interface DevServerOptions {
  /** Task files (.ts or .js) whose exported tasks run in this process. */
  files?: readonly string[]
  /** URLs of apps' serve() routes, whose tasks run by signed POSTs. */
  apps?: readonly string[]
  /** Default 8288; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The store's directory. Default `.backlot` (relative to the working directory). */
  data?: string
  /** Keep everything in memory; nothing is written. Default false. */
  ephemeral?: boolean
  /** Default 'system'. On 'virtual', time moves only through the returned driver (the dashboard's clock). */
  clock?: 'system' | 'virtual'
  /** Ended runs older than this are removed. Default '7d'. */
  retain?: Duration
  /** At most this many ended runs are kept. Default 100,000. */
  retainRuns?: number
  /** Default: BACKLOT_SECRET_KEY, else a key kept in the data directory (or made for this run). */
  secretKey?: string
  /** Default: BACKLOT_SIGNING_KEY, else a key kept in the data directory (or made for this run). */
  signingKey?: string
  /** Where the server's lines go. Default console.log. */
  log?: (line: string) => void
  /** ANSI colours in the lines. Default: when stdout is a TTY and NO_COLOR is unset. */
  color?: boolean
  /** How often an app's manifest is re-read, in ms. Default 2,000. */
  manifestIntervalMs?: number
  /** Environment the keys are read from. Default process.env. */
  env?: Record<string, string | undefined>
}
