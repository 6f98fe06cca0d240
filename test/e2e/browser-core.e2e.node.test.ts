// backlot's core runs in a browser: the SDK, serve(), the runner, the wire schemas and request
// signing (Web Crypto, as there is no node:crypto), bundled for the browser and run in chromium.
import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium } from './browser.js'

const repo = resolve(import.meta.dirname, '../..')
const title = hasChromium ? "backlot's core in chromium" : "backlot's core in chromium (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)"

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  let server: Server
  let url = ''
  let browser: Awaited<ReturnType<typeof launchChromium>>

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [resolve(import.meta.dirname, 'browser-core/page.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
      alias: { backlot: resolve(repo, 'src/index.ts'), 'backlot/host': resolve(repo, 'src/host.ts') },
    })
    const script = bundle.outputFiles[0]!.text
    server = createServer((req, res) => {
      if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>')
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const address = server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await new Promise((done) => server?.close(done))
  })

  it('defines and serves a task, refuses an unsigned request and runs a signed one', async () => {
    const page = await browser.context.newPage()
    await page.goto(url)
    await page.waitForFunction(() => 'result' in globalThis)
    const result = await page.evaluate(() => (globalThis as unknown as { result: Promise<unknown> }).result)
    expect(result).toEqual({ hasProcess: false, tasks: ['greet'], unsigned: 401, signed: 200, outcome: { status: 'completed', result: 'hello WEB' } })
  })
})
