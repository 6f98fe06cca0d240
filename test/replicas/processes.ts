import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { ServerOptions } from '../../src/server/replicas/server-options.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const REPLICA = fileURLToPath(new URL('./fixtures/replica-process.ts', import.meta.url))
const APP = fileURLToPath(new URL('./fixtures/fault-app.ts', import.meta.url))

/** A process the test started: signals go to its id only. */
export interface Spawned {
  pid: number
  /** Lines it printed after LOG (a replica) so far. */
  logs: string[]
  /** kill -9; resolves once it is gone. */
  kill9(): Promise<void>
  /** SIGSTOP / SIGCONT: a process that neither runs nor answers, as in a long network pause. */
  pause(): void
  resume(): void
  /** SIGTERM (a clean stop); resolves once it is gone. */
  terminate(): Promise<void>
  readonly exited: boolean
}

function start(args: string[], env: Record<string, string>, onReady: (line: string) => boolean): Promise<Spawned> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  let exited = false
  const gone = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true
    resolve()
  }))
  const logs: string[] = []
  const handle: Spawned = {
    pid: child.pid!,
    logs,
    async kill9() {
      if (!exited) child.kill('SIGKILL')
      await gone
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async terminate() {
      if (!exited) child.kill('SIGTERM')
      await gone
    },
    get exited() {
      return exited
    },
  }
  return new Promise((resolve, reject) => {
    let ready = false
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`Failed to start ${args[0]}: it exited (${code ?? signal}) before it was ready.`))
    })
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (process.env.DEBUG_REPLICAS) process.stderr.write(`[${child.pid}] ${line}\n`)
      if (line.startsWith('LOG ')) logs.push(line.slice(4))
      else if (!ready && onReady(line)) {
        ready = true
        resolve(handle)
      }
    })
  })
}

/** A replica of `backlot server` in its own process. */
export async function spawnReplica(options: ServerOptions): Promise<Spawned & { url: string; id: string }> {
  let info = { url: '', id: '' }
  const handle = await start([REPLICA, JSON.stringify(options)], {}, (line) => {
    if (!line.startsWith('READY ')) return false
    info = JSON.parse(line.slice(6)) as { url: string; id: string }
    return true
  })
  return Object.assign(handle, { url: info.url, id: info.id })
}

/** The fault tests' app (test/replicas/fixtures/fault-app.ts) in its own process. */
export async function spawnApp(env: Record<string, string>): Promise<Spawned & { url: string }> {
  let url = ''
  const handle = await start([APP], env, (line) => {
    if (!line.startsWith('READY ')) return false
    url = line.slice(6)
    return true
  })
  return Object.assign(handle, { url })
}
