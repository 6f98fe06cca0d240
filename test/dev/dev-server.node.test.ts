import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpTransport, serve, task, type AnyTask } from 'backlot'
import { listen, startDevServer, type DevServer, type Listening } from 'backlot/server'
import { runCli } from '../../src/server/cli.js'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

describe('backlot dev', () => {
  const open: { close(): Promise<void> }[] = []
  const dirs: string[] = []
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-dev-'))
    dirs.push(dir)
    return dir
  }
  const start = async (options: Parameters<typeof startDevServer>[0]): Promise<{ server: DevServer; lines: string[] }> => {
    const lines: string[] = []
    const server = await startDevServer({ port: 0, color: false, env: {}, log: (l) => lines.push(l), ...options })
    open.push(server)
    return { server, lines }
  }
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close()
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('prints the dashboard URL and the env a client needs, and that env works as printed', async () => {
    const { server, lines } = await start({ files: [fixture('hello-tasks.ts'), fixture('plain-tasks.mjs')], ephemeral: true })
    expect(lines[0]).toMatch(/^backlot dev listening on http:\/\/127\.0\.0\.1:\d+$/)
    expect(lines).toContain(`  dashboard: ${server.url}/`)
    expect(lines).toContain('  tasks:     dev-hello, dev-plain')
    expect(Object.fromEntries(server.sources)).toEqual({ 'dev-hello': fixture('hello-tasks.ts'), 'dev-plain': fixture('plain-tasks.mjs') })
    const [, baseUrl, secretKey] = /BACKLOT_BASE_URL=(\S+) BACKLOT_SECRET_KEY=(\S+)/.exec(lines.join('\n'))!
    const client = createHttpTransport({ baseUrl: baseUrl!, secretKey: secretKey! })
    const { id } = await client.trigger({ id: 'dev-hello' } as AnyTask, 'ada')
    expect(await client.waitForRun(id)).toMatchObject({ status: 'completed', result: 'hello ada' })
    const plain = await client.trigger({ id: 'dev-plain' } as AnyTask, 41)
    expect(await client.waitForRun(plain.id)).toMatchObject({ status: 'completed', result: 42 })
    expect(lines.some((l) => /completed dev-hello run_\w+ in \d+ ms/.test(l))).toBe(true)
    const port = Number(new URL(server.url).port)
    await expect(startDevServer({ ephemeral: true, port, env: {}, log: () => undefined })).rejects.toThrow(`Failed to start backlot dev on 127.0.0.1:${port}: the port is in use (another backlot dev?). Stop what holds it, or pass --port <another port>`)
  })

  it('keeps runs and keys in the data directory across a restart, and refuses a second server on it', async () => {
    const data = tmp()
    const first = await start({ files: [fixture('hello-tasks.ts')], data })
    const client = createHttpTransport({ baseUrl: first.server.url, secretKey: first.server.secretKey })
    const { id } = await client.trigger({ id: 'dev-hello' } as AnyTask, 'bob', { delay: '1h' })
    await expect(startDevServer({ data, port: 0, env: {}, log: () => undefined })).rejects.toMatchObject({ code: 'STORE_LOCKED' })
    await open.pop()!.close()
    const second = await start({ files: [fixture('hello-tasks.ts')], data })
    expect(second.server.secretKey).toBe(first.server.secretKey)
    expect(second.lines.join('\n')).toContain('(1 runs, 1 active)')
    expect(second.server.engine.getRun(id)).toMatchObject({ status: 'pending', waitingFor: { kind: 'delay' } })
  })

  it('picks up tasks an app adds to its manifest while it runs', async () => {
    const a = task({ id: 'app-a', run: async () => 'a' })
    const b = task({ id: 'app-b', run: async (n: number) => n * 3 })
    let tasks: AnyTask[] = [a]
    const app: Listening = await listen((request) => {
      const handlers = serve({ tasks, signingKey: 'whsec_app' })
      return request.method === 'GET' ? handlers.GET(request) : handlers.POST(request)
    })
    open.push(app)
    const { server, lines } = await start({ apps: [`${app.url}/api/tasks`], ephemeral: true, signingKey: 'whsec_app', manifestIntervalMs: 20 })
    expect(server.engine.taskIds()).toEqual(['app-a'])
    tasks = [a, b]
    for (let i = 0; i < 200 && !server.engine.taskIds().includes('app-b'); i++) await new Promise((r) => setTimeout(r, 10))
    expect(lines).toContain(`task app-b added in ${app.url}/api/tasks`)
    expect(Object.fromEntries(server.sources)).toEqual({ 'app-a': `${app.url}/api/tasks`, 'app-b': `${app.url}/api/tasks` })
    const client = createHttpTransport({ baseUrl: server.url, secretKey: server.secretKey })
    const { id } = await client.trigger(b, 5)
    expect(await client.waitForRun(id)).toMatchObject({ status: 'completed', result: 15 })
  })

  it('leaves the runs of an app that is down at start as they are, and resumes them when it answers', async () => {
    const sleeper = task({ id: 'app-sleeper', run: async (_p: unknown, { step }) => {
      await step.sleep('nap', '1h')
      return 'rested'
    } })
    const serveApp = (port: number) => listen((request) => {
      const handlers = serve({ tasks: [sleeper], signingKey: 'whsec_app' })
      return request.method === 'GET' ? handlers.GET(request) : handlers.POST(request)
    }, { port })
    let app = await serveApp(0)
    const appUrl = `${app.url}/api/tasks`
    const options = { apps: [appUrl], data: tmp(), clock: 'virtual' as const, signingKey: 'whsec_app', manifestIntervalMs: 20 }
    const first = await start(options)
    const { id } = first.server.engine.trigger('app-sleeper', {})
    await first.server.driver!.advance('1s')
    expect(first.server.engine.getRun(id).waitingFor).toMatchObject({ kind: 'sleep' })
    await open.pop()!.close()
    await app.close()

    const second = await start(options)
    expect(second.server.recovered.orphaned).toEqual([id])
    expect(second.lines.join('\n')).toContain(`waiting:   1 run(s) of tasks not loaded (${id})`)
    await second.server.driver!.advance('2h')
    expect(second.server.engine.getRun(id)).toMatchObject({ status: 'running', waitingFor: { kind: 'sleep' } })
    app = await serveApp(app.port)
    open.push(app)
    for (let i = 0; i < 200 && !second.server.engine.taskIds().includes('app-sleeper'); i++) await new Promise((r) => setTimeout(r, 10))
    await second.server.driver!.advance('1s')
    expect(second.server.engine.getRun(id)).toMatchObject({ status: 'completed', result: 'rested' })
  })

  it('is the `dev` command of the CLI, with its own help', async () => {
    const lines: string[] = []
    expect(await runCli(['dev', '--help'], { env: {}, log: (l) => lines.push(l) })).toBeUndefined()
    expect(lines[0]).toMatch(/^backlot dev — /)
    await expect(runCli(['dev', '--port', 'x'], { env: {}, log: () => undefined })).rejects.toThrow(/--port x is not a port/)
    await expect(runCli(['dev', fixture('greeting.ts'), '--ephemeral', '--port', '0'], { env: {}, log: () => undefined })).rejects.toThrow(/greeting\.ts: it exports no task/)
    const running = await runCli(['dev', fixture('hello-tasks.ts'), '--ephemeral', '--port', '0'], { env: { BACKLOT_SECRET_KEY: 'sk_cli_dev' }, log: (l) => lines.push(l) })
    open.push(running!)
    expect(lines.join('\n')).toContain('BACKLOT_SECRET_KEY=sk_cli_dev')
  })
})
