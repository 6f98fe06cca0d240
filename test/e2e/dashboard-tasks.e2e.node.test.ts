import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from 'backlot/server'
import { ensureDashboardBuilt, hasChromium, launchChromium, SHOTS } from './browser.js'
import { startDashboardServer, type DashboardServer } from './dashboard-fixture.js'

const XSS = '<img src=x onerror=alert(1)>'
const title = hasChromium ? 'dashboard in chromium: tasks, crons, escaping, origin guard' : 'dashboard in chromium (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)'

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  let server: DashboardServer
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page
  const dialogs: string[] = []

  beforeAll(async () => {
    await ensureDashboardBuilt()
    server = await startDashboardServer()
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.accept()
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('runs a task from the payload editor, after refusing an invalid payload inline', async () => {
    await page.goto(`${server.url}/tasks/signup`)
    const editor = page.locator('#payload-signup')
    await editor.fill('{ "email": "not-an-email", "plan": "gold" }')
    await page.getByRole('button', { name: 'Run signup' }).click()
    const problems = page.locator('.problems .inline-error')
    await problems.first().waitFor()
    const text = (await problems.allTextContents()).join('\n')
    expect(text).toMatch(/payload\/email/)
    expect(text).toMatch(/payload\/plan/)
    expect(await editor.getAttribute('aria-invalid')).toBe('true')
    await page.screenshot({ path: join(SHOTS, 'tasks-invalid-payload.png'), fullPage: true })
    await editor.fill('{ "email": "ada@example')
    await problems.filter({ hasText: 'not valid JSON' }).waitFor()
    expect([...server.engine.allRuns()]).toHaveLength(0)

    await editor.fill('{ "email": "ada@example.com", "plan": "pro" }')
    await page.getByRole('button', { name: 'Run signup' }).click()
    await page.waitForURL(/\/runs\/run_/)
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    const [run] = [...server.engine.allRuns()]
    expect(run).toMatchObject({ taskId: 'signup', payload: { email: 'ada@example.com', plan: 'pro' }, status: 'completed' })

    await page.goto(`${server.url}/tasks/signup`)
    await page.locator('.recent li', { hasText: 'ada@example.com' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'tasks.png'), fullPage: true })
  })

  it("reads a cron's next five firings, runs it now, pauses and resumes it", async () => {
    await page.goto(`${server.url}/crons`)
    const firings = page.locator('#cron-nightly-report .firings li')
    await firings.nth(4).waitFor()
    expect(await firings.allTextContents()).toEqual(['02', '03', '04', '05', '06'].map((d) => `2026-01-${d} 02:00:00`))
    await page.getByRole('button', { name: 'Run now' }).click()
    await page.locator('#cron-nightly-report .plain li').first().waitFor()
    await page.getByRole('button', { name: 'Pause' }).click()
    await page.locator('#cron-nightly-report .status-paused').waitFor()
    expect(server.engine.crons.get('nightly-report')).toMatchObject({ paused: true, nextRunAt: null })
    await page.screenshot({ path: join(SHOTS, 'crons.png'), fullPage: true })
    await page.getByRole('button', { name: 'Resume' }).click()
    await page.locator('#cron-nightly-report .status-running').waitFor()
    expect(server.engine.crons.get('nightly-report').nextRunAt).toBe('2026-01-02T02:00:00.000Z')
  })

  it('shows a payload of markup as text, never as markup', async () => {
    await page.goto(`${server.url}/tasks/echo`)
    await page.locator('#payload-echo').fill(JSON.stringify({ html: XSS }))
    await page.getByRole('button', { name: 'Run echo' }).click()
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    await page.locator('.json pre', { hasText: XSS }).first().waitFor()
    expect(await page.locator('img').count()).toBe(0)
    await page.goto(`${server.url}/runs?q=${encodeURIComponent(XSS)}`)
    await page.locator('p.muted', { hasText: 'No runs match.' }).waitFor()
    expect(await page.locator('#run-search').inputValue()).toBe(XSS)
    expect(await page.locator('img').count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it("refuses another page's POST (403 FORBIDDEN_ORIGIN) and changes nothing", async () => {
    // Another site open in the same browser: a page on another origin, without the dashboard's CSP.
    const evil = await listen(async () => new Response('<!doctype html><title>elsewhere</title><p>another site</p>', { headers: { 'content-type': 'text/html' } }))
    try {
      await page.goto(evil.url)
      const before = [...server.engine.allRuns()].length
      const answer = page.waitForResponse((r) => r.url().startsWith(`${server.url}/api/`))
      await page.evaluate((url) => {
        void fetch(`${url}/api/v1/tasks/echo/trigger`, { method: 'POST', mode: 'no-cors', body: '{"payload":1}', headers: { 'content-type': 'text/plain' } }).catch(() => undefined)
      }, server.url)
      const response = await answer
      expect(response.status()).toBe(403)
      expect([...server.engine.allRuns()].length).toBe(before)
    } finally {
      await evil.close()
    }
    const direct = await fetch(`${server.url}/api/v1/crons/nightly-report`, { method: 'DELETE', headers: { origin: 'http://evil.example' } })
    expect(await direct.json()).toEqual({ error: { code: 'FORBIDDEN_ORIGIN', message: expect.stringMatching(/^Failed to accept the DELETE request/) } })
    expect(server.engine.crons.list()).toHaveLength(1)
  })
})
