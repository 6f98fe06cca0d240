import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDashboardBuilt, hasChromium, launchChromium, SHOTS } from './browser.js'
import { KEY, startDashboardServer, type DashboardServer } from './dashboard-fixture.js'

const title = hasChromium ? 'dashboard in chromium: runs, run page, clock' : 'dashboard in chromium (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)'

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  let server: DashboardServer
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page

  beforeAll(async () => {
    await ensureDashboardBuilt()
    server = await startDashboardServer()
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('dialog', (d) => void d.accept())
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const post = async (path: string, body?: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return (await res.json()) as { id: string }
  }
  const statusOf = (page: Page) => page.locator('h1 .status').textContent()

  it('watches a run go through a retry and a sleep with the clock controls, live', async () => {
    const { id } = await post('/tasks/flaky-sync/trigger', { payload: { source: 'crm' } })
    await page.goto(`${server.url}/runs/${id}`)
    await page.getByText('waits', { exact: false }).or(page.getByText(/^retry/)).first().waitFor()
    await page.locator('dd', { hasText: /^retry until/ }).waitFor()
    // The page follows the run over SSE: the clock moves elsewhere and the page updates without a reload.
    await post('/clock/next')
    await page.locator('dd', { hasText: /^sleep "cool-down" until/ }).waitFor()
    expect(await page.locator('.wf-retry').count()).toBe(1)
    expect(await page.locator('.wf-attempt').count()).toBe(2)
    await page.locator('.wf-sleep', { hasText: 'cool-down' }).waitFor()
    await page.locator('.wf-log', { hasText: 'fetched 3 rows from crm' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'run-sleeping.png'), fullPage: true })

    await page.getByRole('link', { name: 'Clock', exact: true }).click()
    await page.locator('#next-timer').waitFor()
    expect(await page.locator('#active-runs').textContent()).toBe('1')
    await page.getByRole('button', { name: 'Advance' }).click()
    await page.locator('#virtual-now', { hasText: '09:01:01' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'clock.png'), fullPage: true })
    await page.getByRole('button', { name: 'Run until idle' }).click()
    await page.locator('#active-runs', { hasText: '0' }).waitFor()
    expect(server.engine.getRun(id)).toMatchObject({ status: 'completed', result: { synced: 3 }, attempts: 2 })

    await page.goBack()
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    await page.locator('.wf-step', { hasText: 'write-rows' }).waitFor()
    await page.getByRole('button', { name: /^result/ }).first().click()
    expect(await page.locator('.wf-step .json pre').first().textContent()).toContain('1')
    await page.screenshot({ path: join(SHOTS, 'run.png'), fullPage: true })
  })

  it('shows children nested under their parent, linked both ways', async () => {
    const { id } = await post('/tasks/fan-out/trigger', { payload: { count: 3 } })
    await page.goto(`${server.url}/runs/${id}`)
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    await page.locator('ul.tree:not(.nested) > li').nth(2).waitFor()
    expect(await page.locator('ul.tree:not(.nested) > li').count()).toBe(3)
    const grandchild = page.locator('ul.tree.nested li a')
    await grandchild.first().waitFor()
    const child = server.engine.get(id)!.children![0]!
    const deep = server.engine.get(child)!.children![0]!
    expect(await grandchild.first().textContent()).toBe(deep)
    await page.screenshot({ path: join(SHOTS, 'run-children.png'), fullPage: true })
    await page.locator('ul.tree:not(.nested) > li > a', { hasText: child }).click()
    await page.locator('h1', { hasText: child }).waitFor()
    await page.locator('dd a', { hasText: id }).click()
    await page.locator('h1', { hasText: id }).waitFor()
  })

  it('cancels, replays and wakes runs, one at a time and many at once', async () => {
    const delayed = await post('/tasks/echo/trigger', { payload: { n: 1 }, options: { delay: '1h' } })
    await page.goto(`${server.url}/runs/${delayed.id}`)
    await page.locator('dd', { hasText: /^delay until/ }).waitFor()
    await page.getByRole('button', { name: 'Wake' }).click()
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()

    await page.getByRole('button', { name: 'Replay' }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(delayed.id))
    await page.locator('h1 .status', { hasText: 'completed' }).waitFor()
    const replayId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!)
    expect(server.engine.getRun(replayId).payload).toEqual({ n: 1 })

    await page.getByRole('button', { name: 'Rerun with edited payload…' }).click()
    await page.locator('#rerun-payload').fill('{ "n": 2 }')
    await page.getByRole('button', { name: 'Rerun', exact: true }).click()
    await page.waitForURL((url) => !url.pathname.endsWith(replayId))
    await page.locator('.json pre', { hasText: '"n": 2' }).first().waitFor()

    const toCancel = await post('/tasks/echo/trigger', { payload: { n: 3 }, options: { delay: '1h' } })
    await page.goto(`${server.url}/runs/${toCancel.id}`)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.locator('h1 .status', { hasText: 'cancelled' }).waitFor()

    const a = await post('/tasks/echo/trigger', { payload: { n: 4 }, options: { delay: '1h' } })
    const b = await post('/tasks/echo/trigger', { payload: { n: 5 }, options: { delay: '1h' } })
    await page.goto(`${server.url}/runs?status=pending`)
    await page.getByLabel(`Select ${a.id}`).check()
    await page.getByLabel(`Select ${b.id}`).check()
    await page.getByRole('button', { name: 'Cancel selected (2)' }).click()
    await page.getByRole('status').filter({ hasText: 'Cancelled 2 run(s)' }).waitFor()
    expect([server.engine.getRun(a.id).status, server.engine.getRun(b.id).status]).toEqual(['cancelled', 'cancelled'])
  })

  it('keeps filters in the URL: a deep link reloads to the same view, and keys move around', async () => {
    await page.goto(`${server.url}/runs?taskId=echo&status=cancelled`)
    await page.locator('table.runs tbody tr').first().waitFor()
    const rows = async () => (await page.locator('table.runs tbody tr td:nth-child(3)').allTextContents()).sort()
    const before = await rows()
    expect(before.length).toBe(3)
    expect(new Set(before)).toEqual(new Set(['echo']))
    await page.reload()
    await page.locator('table.runs tbody tr').first().waitFor()
    expect(await rows()).toEqual(before)
    expect(await page.getByLabel('cancelled').isChecked()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'runs-filtered.png'), fullPage: true })

    await page.goto(`${server.url}/runs`)
    await page.locator('table.runs tbody tr').first().waitFor()
    await page.screenshot({ path: join(SHOTS, 'runs.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(SHOTS, 'runs-dark.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.keyboard.press('j')
    await page.locator('tr.focused[data-row="1"]').waitFor()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/runs\/run_/)
    await page.reload()
    await page.locator('h1 .status').waitFor()
    expect(await statusOf(page)).toBeTruthy()
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await page.waitForURL(/\/crons$/)
    expect(await page.locator('.badge-local').textContent()).toBe('LOCAL')
  })
})
