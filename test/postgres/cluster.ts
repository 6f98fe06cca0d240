import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A throwaway PostgreSQL cluster: its own data directory, port and socket directory. */
export interface Cluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth on loopback). */
  url: string
  port: number
  dataDir: string
  /** Stops the server at once (`pg_ctl stop -m immediate`, as a crash would), keeping its data. */
  halt(): Promise<void>
  /** Starts the server again on the same port and data. */
  start(): Promise<void>
  /** `halt()` then `start()`. */
  restart(): Promise<void>
  /** Stops the server and removes its directory. */
  stop(): Promise<void>
}

/** Where `initdb` and `pg_ctl` are: PATH first, then Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir
  }
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin')
  return undefined
}

/** PostgreSQL refuses to run as root: as root, commands run as the `postgres` user. */
function asServerUser(file: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [file, args]
  return ['runuser', ['-u', 'postgres', '--', file, ...args]]
}

async function pg(bin: string, tool: string, args: string[]): Promise<string> {
  const [file, argv] = asServerUser(path.join(bin, tool), args)
  try {
    return (await run(file, argv, { env: { ...process.env, LC_ALL: 'C' } })).stdout
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string }
    throw new Error(`Failed to run ${tool} ${args.join(' ')}: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error })
  }
}

/** A port the OS says is free now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * Makes and starts a throwaway cluster in `dir` (default: a fresh temporary directory) on a
 * free port, with fsync on (what is committed is on disk, as in production) and trust auth on
 * loopback. As root, the directory is given to the `postgres` user, which runs the server.
 *
 * @example
 * const cluster = await startCluster()
 * try { await openPostgresRunStore({ connectionString: cluster.url }) } finally { await cluster.stop() }
 */
export async function startCluster(dir?: string): Promise<Cluster> {
  const bin = findPostgresBin()
  if (bin === undefined) throw new Error('Failed to start a PostgreSQL cluster: no initdb found on PATH or in /usr/lib/postgresql/*/bin. Install PostgreSQL (apt-get install postgresql), or set BACKLOT_TEST_DATABASE_URL.')
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-pg-'))
  fs.mkdirSync(root, { recursive: true })
  const dataDir = path.join(root, 'data')
  const socketDir = path.join(root, 'sock')
  fs.mkdirSync(socketDir, { recursive: true })
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
    } catch {
      throw new Error('Failed to start a PostgreSQL cluster as root: there is no `postgres` user to run it. Create one (useradd --system postgres), or run the tests as another user.')
    }
    fs.chmodSync(root, 0o755)
    execFileSync('chown', ['-R', 'postgres:', root])
  }
  await pg(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
  const port = await freePort()
  const log = path.join(root, 'server.log')
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=on`
  const start = async (): Promise<void> => {
    await pg(bin, 'pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', options, 'start'])
  }
  let running = false
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async halt() {
      if (!running) return
      await pg(bin, 'pg_ctl', ['-D', dataDir, '-w', '-m', 'immediate', 'stop'])
      running = false
    },
    async start() {
      if (running) return
      await start()
      running = true
    },
    async restart() {
      await cluster.halt()
      await cluster.start()
    },
    async stop() {
      try {
        await cluster.halt()
      } finally {
        fs.rmSync(root, { recursive: true, force: true })
      }
    },
  }
  // A test process that ends without stop() (a crash, a timeout) takes its cluster with it.
  const onExit = (): void => {
    if (running) {
      const [file, argv] = asServerUser(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop'])
      try {
        execFileSync(file, argv, { stdio: 'ignore' })
      } catch {
        // already gone
      }
    }
    fs.rmSync(root, { recursive: true, force: true })
  }
  if (dir === undefined) process.once('exit', onExit)
  const stop = cluster.stop
  cluster.stop = async () => {
    process.off('exit', onExit)
    await stop()
  }
  try {
    await cluster.start()
  } catch (error) {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''
    process.off('exit', onExit)
    fs.rmSync(root, { recursive: true, force: true })
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error })
  }
  return cluster
}

/** Stops a cluster started in `dir` by another process (the CI script) and removes `dir`. */
export async function stopClusterIn(dir: string): Promise<void> {
  const bin = findPostgresBin()
  const dataDir = path.join(dir, 'data')
  try {
    if (bin && fs.existsSync(path.join(dataDir, 'postmaster.pid'))) await pg(bin, 'pg_ctl', ['-D', dataDir, '-w', '-m', 'immediate', 'stop'])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
