// backlot dev as a developer starts it (startDevServer on the examples' task files, a data
// directory on disk), looked at in Debian's chromium: the dashboard is served at / over the
// durable API, with the page's key added by the server.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from 'backlot/server'
import { ensureDashboardBuilt, hasChromium, launchChromium, SHOTS } from './browser.js'

const examples = resolve(import.meta.dirname, '../../examples')
const title = hasChromium ? 'backlot dev on the examples, in chromium' : 'backlot dev in chromium (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)'

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  const data = mkdtempSync(join(tmpdir(), 'backlot-dev-e2e-'))
  let dev: DevServer
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page

  beforeAll(async () => {
    await ensureDashboardBuilt()
    dev = await startDevServer({
      files: [join(examples, 'send-emails/tasks.ts'), join(examples, 'daily-report/tasks.ts')],
      data,
      port: 0,
      log: () => {},
    })
    browser = await launchChromium()
    page = await browser.context.newPage()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await dev?.close()
    rmSync(data, { recursive: true, force: true })
  })

  it('lists the tasks of the loaded files and runs one from its page, live to completed', async () => {
    await page.goto(`${dev.url}/tasks`)
    for (const id of ['send-emails', 'send-email', 'daily-report', 'hourly-cleanup']) await page.getByText(id, { exact: true }).first().waitFor()
    await page.goto(`${dev.url}/tasks/send-emails`)
    await page.locator('#payload-send-emails').fill('{}')
    await page.getByRole('button', { name: 'Run send-emails' }).click()
    await page.waitForURL(/\/runs\/run_/)
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    const id = page.url().split('/runs/')[1]!
    expect(dev.engine.getRun(id)).toMatchObject({ taskId: 'send-emails', status: 'completed', result: { dispatched: 0 } })
    await page.screenshot({ path: join(SHOTS, 'dev-run.png'), fullPage: true })
  })

  it("shows the declared crons' next firings from the task files", async () => {
    await page.goto(`${dev.url}/crons`)
    const firings = page.locator('#cron-send-emails .firings li')
    await firings.nth(4).waitFor()
    const times = (await firings.allTextContents()).map((t) => Date.parse(`${t.replace(' ', 'T')}Z`))
    expect(times.every((t, i) => t % (15 * 60_000) === 0 && (i === 0 || t - times[i - 1]! === 15 * 60_000))).toBe(true)
  })
})
