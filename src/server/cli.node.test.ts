import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHttpTransport, task, ValidationError } from 'backlot'
import { describe, expect, it } from 'vitest'
import { serveNode } from './serve-node.js'
import { HELP, runCli } from './cli.js'

const double = task({ id: 'cli-double', run: async (n: number) => n * 2 })

async function startApp(): Promise<{ url: string; close(): Promise<void> }> {
  const app = http.createServer(serveNode({ tasks: [double], signingKey: 'whsec_cli' }))
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/tasks`,
    close: () => new Promise<void>((resolve) => app.close(() => resolve())),
  }
}

describe('the backlot CLI', () => {
  it('prints the help with no command', async () => {
    const lines: string[] = []
    expect(await runCli([], { env: {}, log: (l) => lines.push(l) })).toBeUndefined()
    expect(lines).toEqual([HELP])
  })

  it('runs a platform on 127.0.0.1 that executes the app’s tasks over signed HTTP', async () => {
    const app = await startApp()
    const lines: string[] = []
    const running = await runCli(['platform', '--app', app.url, '--port', '0'], { env: { BACKLOT_SECRET_KEY: 'sk_cli', BACKLOT_SIGNING_KEY: 'whsec_cli' }, log: (l) => lines.push(l) })
    try {
      expect(lines[0]).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ /)
      expect(lines[0]).toContain('tasks: cli-double')
      // The printed environment works as printed.
      const env = Object.fromEntries([...lines[1]!.matchAll(/(BACKLOT_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]))
      expect(env.BACKLOT_SECRET_KEY).toBe('sk_cli')
      const transport = createHttpTransport({ baseUrl: env.BACKLOT_BASE_URL!, secretKey: env.BACKLOT_SECRET_KEY! })
      const { id } = await transport.trigger(double, 21)
      const record = await transport.waitForRun(id)
      expect(record).toMatchObject({ status: 'completed', result: 42 })
    } finally {
      await running!.close()
      await app.close()
    }
  })

  it('refuses to start without the keys or the app, naming the fix', async () => {
    const io = { env: {}, log: () => {} }
    await expect(runCli(['platform'], io)).rejects.toThrow(/--app is missing/)
    await expect(runCli(['platform', '--app', 'http://127.0.0.1:1/x'], io)).rejects.toThrow(/BACKLOT_SECRET_KEY/)
    await expect(runCli(['platform', '--app', 'http://127.0.0.1:1/x', '--secret-key', 's'], io)).rejects.toThrow(/BACKLOT_SIGNING_KEY/)
    await expect(runCli(['platform', '--app', 'x', '--secret-key', 's', '--signing-key', 'k', '--port', 'abc'], io)).rejects.toThrow(ValidationError)
    await expect(runCli(['deploy'], io)).rejects.toThrow(/no such command/)
    await expect(runCli(['platform', 'stray'], io)).rejects.toThrow(/not a flag/)
    await expect(runCli(['platform', '--ap', 'http://127.0.0.1:1/x'], io)).rejects.toThrow(/backlot platform has no flag --ap \(its flags: --app, --port/)
  })

  it('prints the version, and each command its own help, without starting anything', async () => {
    const lines: string[] = []
    const io = { env: {}, log: (l: string) => lines.push(l) }
    expect(await runCli(['--version'], io)).toBeUndefined()
    expect(lines.pop()).toMatch(/^\d+\.\d+\.\d+/)
    expect(await runCli(['platform', '--help'], io)).toBeUndefined()
    expect(lines.pop()).toContain('backlot platform --app <url>')
    expect(await runCli(['--help'], io)).toBeUndefined()
    expect(lines.pop()).toBe(HELP)
  })
})
