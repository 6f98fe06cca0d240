import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./dev-process.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface DevProcess {
  url: string
  pid: number
  recovered: { runs: number; active: number; interrupted: string[] }
  /** Sends a command line and resolves when the process answers it. */
  send(line: string): Promise<void>
  /** kill -9, and resolves once the process is gone. */
  kill9(): Promise<void>
  /** Asks the server to close, and resolves when the process has exited. */
  close(): Promise<void>
}

/** Spawns test/dev/dev-process.ts (the dev server on a virtual clock) on a data directory. */
export function startDevProcess(dataDir: string, files: string[], env: Record<string, string>): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir, ...files], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const waiting = new Map<string, () => void>()
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`Failed to start the dev process: it exited (${code ?? signal}) before it was ready.`)))
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (process.env.DEBUG_RESTART) process.stderr.write(`[${child.pid}] ${line}\n`)
      if (line.startsWith('READY ')) {
        const info = JSON.parse(line.slice(6)) as Pick<DevProcess, 'url' | 'pid' | 'recovered'>
        resolve({
          ...info,
          send: (command) =>
            new Promise<void>((done) => {
              waiting.set(command, done)
              child.stdin!.write(`${command}\n`)
            }),
          kill9: async () => {
            child.kill('SIGKILL')
            await exited
          },
          close: async () => {
            child.stdin!.write('close\n')
            await exited
          },
        })
      } else if (line.startsWith('OK ')) {
        const done = waiting.get(line.slice(3))
        waiting.delete(line.slice(3))
        done?.()
      }
    })
  })
}
