// backlot server as two replicas on one PostgreSQL database, looked at in Debian's chromium
// through the replica that does NOT hold the lease: the dashboard is served there, and its API
// calls and live event stream are forwarded to the holder (issue 11).
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type ReplicaServer } from 'backlot/server'
import { postgresOrSkip } from '../postgres/available.js'
import { ensureDashboardBuilt, hasChromium, launchChromium, SHOTS } from './browser.js'

const examples = resolve(import.meta.dirname, '../../examples')
const db = hasChromium ? await postgresOrSkip('the replicas dashboard test') : undefined

describe.skipIf(!hasChromium || !db)('the dashboard of backlot server, on the replica without the lease', { timeout: 60_000 }, () => {
  const replicas: ReplicaServer[] = []
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page

  beforeAll(async () => {
    await ensureDashboardBuilt()
    // The sign-in a network-facing server has (on 127.0.0.1 here, as every test server is).
    const options = { database: db!.url, files: [join(examples, 'send-emails/tasks.ts')], port: 0, secretKey: 'sk_e2e_replicas', poolSize: 3, dashboardSignIn: true, log: () => undefined }
    replicas.push(await startServer(options), await startServer(options))
    browser = await launchChromium()
    page = await browser.context.newPage()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    for (const replica of replicas.reverse()) await replica.close()
    await db?.drop()
  })

  it('asks for the secret key first, and refuses a wrong one', async () => {
    await page.goto(`${replicas[1]!.url}/runs`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'server-sign-in.png'), fullPage: true })
    await page.locator('#secret-key').fill('sk_wrong')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'not the secret key' }).waitFor()
    await page.locator('#secret-key').fill('sk_e2e_replicas')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Runs' }).waitFor()
  })

  it('lists the tasks and runs one from its page, live to completed, through the forwarding replica', async () => {
    const [holder, follower] = replicas
    expect(holder!.leading && !follower!.leading).toBe(true)
    await page.goto(`${follower!.url}/tasks/send-emails`)
    await page.locator('#payload-send-emails').fill('{}')
    await page.getByRole('button', { name: 'Run send-emails' }).click()
    await page.waitForURL(/\/runs\/run_/)
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    const id = page.url().split('/runs/')[1]!
    expect(holder!.engine!.getRun(id)).toMatchObject({ taskId: 'send-emails', status: 'completed', result: { dispatched: 0 } })
    await page.screenshot({ path: join(SHOTS, 'server-replica-run.png'), fullPage: true })
  })
})
