// What users install is the tarball: pack it, install it into fresh apps with nothing else from
// this repository, and use it as they would (issue 7). Needs the npm registry for the apps'
// own dependencies (vitest, typescript, next), as a user's install does.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresUnavailable, testServer } from '../postgres/test-database.js'
import { freePort, mustRun, run, start, type Started } from './shell.js'

const repo = resolve(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'backlot-package-'))
const npmEnv = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NEXT_TELEMETRY_DISABLED: '1' }
let tarball = ''

beforeAll(async () => {
  // The prepack build, run on its own: with scripts, npm pack writes the build's output to
  // stdout ahead of the JSON, and what the build prints differs from one machine to another.
  await mustRun('npm', ['run', 'build'], { cwd: repo, env: npmEnv })
  const packed = await mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, env: npmEnv })
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[]
  tarball = join(work, info!.filename)
}, 300_000)

afterAll(() => rm(work, { recursive: true, force: true }), 120_000)

describe.sequential('the packed tarball', () => {
  let app = ''

  it('holds the built package and its docs, and nothing of the repository’s tests, benches or CI', async () => {
    const listed = await mustRun('tar', ['-tzf', tarball], { cwd: work })
    const files = listed.stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''))
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/testing/index.js', 'dist/testing/msw.js', 'dist/server/index.js', 'dist/host.js', 'dist/dashboard/index.html']))
    expect(files.filter((f) => !f.startsWith('dist/') && !/^docs\/([^/]+\.md|screenshots\/[^/]+\.png)$/.test(f) && !['LICENSE', 'README.md', 'package.json'].includes(f))).toEqual([])
    expect(files).toEqual(expect.arrayContaining(['docs/protocol.md', 'docs/testing.md', 'docs/retries.md']))
    expect(files.filter((f) => /\.test\.|fixture|bench|\.ci/.test(f))).toEqual([])
  })

  it('passes publint and arethetypeswrong (ESM-only profile)', async () => {
    const publint = await mustRun('npx', ['publint', tarball], { cwd: repo })
    expect(publint.stdout).toContain('All good!')
    const attw = await run('npx', ['attw', tarball, '--profile', 'esm-only'], { cwd: repo })
    expect(attw.code, attw.stdout + attw.stderr).toBe(0)
  })

  it('installs into a fresh app with vitest and typescript but without msw', async () => {
    app = join(work, 'app')
    cpSync(join(import.meta.dirname, 'consumer-app'), app, { recursive: true })
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }, null, 2))
    await mustRun('npm', ['install', tarball, 'vitest@4.1.12', 'vite@8.3.8', 'typescript@5.9.3', '@types/node@20', 'bun@1', 'deno@2'], { cwd: app, env: npmEnv })
    expect(existsSync(join(app, 'node_modules/backlot/dist/index.js'))).toBe(true)
    expect(existsSync(join(app, 'node_modules/msw'))).toBe(false)
  }, 300_000)

  it('runs a plain node ESM script that triggers a task and prints its result', async () => {
    const ran = await mustRun('node', ['main.mjs'], { cwd: app })
    expect(JSON.parse(ran.stdout.trim())).toEqual({ greeting: 'hello WORLD' })
  })

  it('runs the same script, and serve(), on Bun and on Deno', async () => {
    for (const [runtime, args] of [['bun', []], ['deno', ['run', '--allow-all']]] as const) {
      const script = await mustRun('npx', [runtime, ...args, 'main.mjs'], { cwd: app })
      expect(JSON.parse(script.stdout.trim()), runtime).toEqual({ greeting: 'hello WORLD' })
      const served = await mustRun('npx', [runtime, ...args, 'serve.mjs'], { cwd: app })
      expect(JSON.parse(served.stdout.trim()), runtime).toEqual({ tasks: ['ping'], unsigned: 401 })
    }
    const node = await mustRun('node', ['serve.mjs'], { cwd: app })
    expect(JSON.parse(node.stdout.trim())).toEqual({ tasks: ['ping'], unsigned: 401 })
  }, 120_000)

  it('runs the CLI: npx backlot help and --version', async () => {
    const help = await mustRun('npx', ['backlot', 'help'], { cwd: app })
    expect(help.stdout).toContain('backlot platform --app <url>')
    const version = await mustRun('npx', ['backlot', '--version'], { cwd: app })
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/backlot/package.json'), 'utf8')) as { version: string }
    expect(version.stdout.trim()).toBe(pkg.version)
    const bad = await run('npx', ['backlot', 'platform', '--nope', 'x'], { cwd: app })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('backlot platform has no flag --nope')
  })

  it('runs npx backlot dev on a TypeScript task file: durable store, the dashboard at /, a client on the printed environment', async () => {
    const port = await freePort()
    const dev = start('npx', ['backlot', 'dev', 'dev-tasks.ts', '--port', String(port), '--data', '.backlot'], { cwd: app, env: { NO_COLOR: '1' } })
    try {
      const [, env] = await dev.waitFor(/clients:\s+(.+)/)
      expect(dev.output()).toMatch(/tasks:\s+shout/)
      expect(dev.output()).toMatch(/store:\s+\S*\.backlot/)
      const page = await fetch(`http://127.0.0.1:${port}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>backlot')
      const vars = Object.fromEntries([...env!.matchAll(/(BACKLOT_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]))
      const ran = await mustRun('node', ['trigger-shout.mjs'], { cwd: app, env: vars, timeoutMs: 60_000 })
      expect(JSON.parse(ran.stdout.trim())).toBe('HEY!')
    } finally {
      await dev.stop()
    }
    expect(existsSync(join(app, '.backlot/backlot.db'))).toBe(true)
    await expect(fetch(`http://127.0.0.1:${port}/`), 'the dev server is gone').rejects.toThrow()
  }, 120_000)

  it('runs npx backlot server on PostgreSQL: two replicas on one database, a client through the one without the lease', async (context) => {
    const missing = postgresUnavailable()
    if (missing && process.env.BACKLOT_REQUIRE_POSTGRES !== '1') return context.skip(missing)
    const server = await testServer()
    const replicas: Started[] = []
    try {
      const database = await server.createDatabase()
      const ports = [await freePort(), await freePort()]
      for (const port of ports) {
        const replica = start('npx', ['backlot', 'server', 'dev-tasks.ts', '--database', database, '--port', String(port), '--lease', '2s'], { cwd: app, env: { NO_COLOR: '1', BACKLOT_SECRET_KEY: 'sk_package_server' } })
        replicas.push(replica)
        await replica.waitFor(/backlot server listening on/)
      }
      expect(replicas[0]!.output()).toContain('holding the lease')
      expect(replicas[1]!.output()).toContain(`forwarding to http://127.0.0.1:${ports[0]}`)
      const page = await fetch(`http://127.0.0.1:${ports[1]}/`)
      expect(await page.text()).toContain('<title>backlot')
      const ran = await mustRun('node', ['trigger-shout.mjs'], { cwd: app, env: { BACKLOT_BASE_URL: `http://127.0.0.1:${ports[1]}`, BACKLOT_SECRET_KEY: 'sk_package_server' }, timeoutMs: 60_000 })
      expect(JSON.parse(ran.stdout.trim())).toBe('HEY!')
    } finally {
      for (const replica of replicas.reverse()) await replica.stop()
      await server.close()
    }
  }, 120_000)

  it('passes a vitest test that uses backlot/testing, with no msw installed', async () => {
    const ran = await run('npx', ['vitest', 'run', 'kit.spec.ts'], { cwd: app, env: { CI: '1' } })
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
    expect(ran.stdout).toMatch(/1 passed/)
  }, 120_000)

  it('type-checks a consumer with strict, exactOptionalPropertyTypes and skipLibCheck', async () => {
    const ran = await run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: app })
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
  }, 120_000)
})

describe.sequential('examples/nextjs-app-router built with next build from the tarball', () => {
  const app = join(work, 'nextjs')
  const signingKey = 'whsec_next_test'
  const secretKey = 'sk_next_test'

  it('builds with Next’s default config (Node and Edge routes, no transpilePackages)', async () => {
    cpSync(join(repo, 'examples/nextjs-app-router'), app, { recursive: true, filter: (src) => !/node_modules|\.next/.test(src) })
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    pkg.dependencies.backlot = `file:${tarball}`
    writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2))
    await mustRun('npm', ['install'], { cwd: app, env: npmEnv, timeoutMs: 300_000 })
    expect(existsSync(join(app, 'next.config.js')) || existsSync(join(app, 'next.config.ts')) || existsSync(join(app, 'next.config.mjs'))).toBe(false)
    // next build takes 1–2 minutes on two cores, and several times that while other tests run.
    const built = await run('npx', ['next', 'build'], { cwd: app, env: npmEnv, timeoutMs: 540_000 })
    expect(built.code, built.stdout + built.stderr).toBe(0)
    expect(built.stdout).toContain('/api/tasks')
    expect(built.stdout).toContain('/api/edge-tasks')
  }, 900_000)

  it('starts with next start, answers GET with the manifest and an unsigned POST with 401, and completes runs through a local platform', async () => {
    const appPort = await freePort()
    const next = start('npx', ['next', 'start', '-p', String(appPort), '-H', '127.0.0.1'], { cwd: app, env: { ...npmEnv, BACKLOT_SIGNING_KEY: signingKey } })
    try {
      await next.waitFor(/Ready in/)
      for (const route of ['api/tasks', 'api/edge-tasks']) {
        const manifest = (await (await fetch(`http://127.0.0.1:${appPort}/${route}`)).json()) as { tasks: { id: string }[]; mode: string }
        expect(manifest).toMatchObject({ status: 'ok', mode: 'signed', tasks: [{ id: 'send-email' }] })
        const unsigned = await fetch(`http://127.0.0.1:${appPort}/${route}`, { method: 'POST', body: '{}' })
        expect(unsigned.status).toBe(401)
        expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_MISSING')

        const platformPort = await freePort()
        const platform = start('npx', ['backlot', 'platform', '--app', `http://127.0.0.1:${appPort}/${route}`, '--port', String(platformPort), '--secret-key', secretKey, '--signing-key', signingKey], { cwd: app })
        try {
          const [, env] = await platform.waitFor(/Point clients at it with: (.+)/)
          const vars = Object.fromEntries([...env!.matchAll(/(BACKLOT_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]))
          writeFileSync(join(app, 'trigger.mjs'), TRIGGER_SCRIPT)
          const ran = await mustRun('node', ['trigger.mjs'], { cwd: app, env: { ...vars, ROUTE: route }, timeoutMs: 60_000 })
          expect(JSON.parse(ran.stdout.trim())).toEqual({ sent: true, to: 'a@b.c', subject: `via ${route}` })
        } finally {
          await platform.stop()
        }
        await expect(fetch(`http://127.0.0.1:${platformPort}/`), 'the platform is gone with its process group').rejects.toThrow()
      }
    } finally {
      await next.stop()
    }
    await expect(fetch(`http://127.0.0.1:${appPort}/api/tasks`), 'next-server is gone with its process group').rejects.toThrow()
  }, 180_000)
})

// A client that only triggers: the task runs in the Next app, reached through the platform.
const TRIGGER_SCRIPT = `
import { task } from 'backlot'
const sendEmail = task({ id: 'send-email', run: async () => { throw new Error('runs in the app, not here') } })
const result = await sendEmail.triggerAndWait({ to: ' A@B.C ', subject: 'via ' + (process.env.ROUTE ?? '') })
console.log(JSON.stringify(result))
`
