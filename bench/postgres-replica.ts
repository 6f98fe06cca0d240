/**
 * One replica of `backlot server` in its own process, for bench/postgres-replicas.ts: what
 * `npx backlot server` runs, with the options from the environment. Prints one JSON line
 * `{ url, id, leading }` once it serves; SIGTERM closes it (handing the lease over) and exits,
 * so `node --cpu-prof` writes its profile.
 */
import { startServer } from 'backlot/server'

const env = process.env
const replica = await startServer({
  database: env.BENCH_DATABASE_URL!,
  apps: [env.BENCH_APP_URL!],
  port: 0,
  host: '127.0.0.1',
  secretKey: env.BENCH_SECRET_KEY!,
  signingKey: env.BENCH_SIGNING_KEY!,
  log: () => undefined,
  color: false,
})
process.stdout.write(`${JSON.stringify({ url: replica.url, id: replica.id, leading: replica.leading })}\n`)
let closing: Promise<void> | undefined
process.on('SIGTERM', () => {
  closing ??= replica.close().finally(() => process.exit(0))
})
