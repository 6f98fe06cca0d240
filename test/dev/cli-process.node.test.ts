import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteRunStore } from '../../src/server/store/sqlite-run-store.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// The CLI's entry from sources (the package ships it compiled as dist/cli.js).
const BIN = path.join(ROOT, 'src/server/cli-main.ts')
const TASKS = fileURLToPath(new URL('./fixtures/hello-tasks.ts', import.meta.url))

describe('the backlot dev process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-cli-'))
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('stops cleanly on Ctrl-C, with what it acknowledged on disk', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'dev', TASKS, '--port', '0', '--data', dir], { cwd: ROOT, env: { ...process.env, BACKLOT_SECRET_KEY: 'sk_sigint', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const lines = readline.createInterface({ input: child.stdout! })
    const url = await new Promise<string>((resolve) => lines.on('line', (line) => {
      const found = /^backlot dev listening on (\S+)$/.exec(line)
      if (found) resolve(found[1]!)
    }))
    const response = await fetch(`${url}/api/v1/tasks/dev-hello/trigger`, { method: 'POST', headers: { authorization: 'Bearer sk_sigint' }, body: JSON.stringify({ payload: 'eve', options: { delay: '1h' } }) })
    expect(response.status).toBe(201)
    const { id } = (await response.json()) as { id: string }
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    const store = openSqliteRunStore(dir)
    expect((await store.readRun(id))?.[0]).toMatchObject({ type: 'run.triggered', taskId: 'dev-hello', payload: 'eve' })
    await store.close()
  }, 60_000)

  it('exits 1 with the reason for a bad flag, and 0 for --help', () => {
    const bad = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'dev', '--retain', 'soon'], { cwd: ROOT, encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('Failed to start backlot dev: --retain soon is not a duration.')
    const help = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'dev', '--help'], { cwd: ROOT, encoding: 'utf8' })
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--ephemeral')
  }, 60_000)
})
