import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { DIST, ensureDashboardBuilt, hasChromium, launchChromium, SHOTS } from './browser.js'

const title = hasChromium ? 'engine.inspect() in chromium' : 'engine.inspect() in chromium (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)'

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>
  beforeAll(async () => {
    await ensureDashboardBuilt()
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('pauses a test on its engine until Continue is pressed in the dashboard', async () => {
    const nap = task({ id: 'nap', run: async (_: unknown, { step }) => step.sleep('nap', '1h') })
    await using engine = createTestEngine({ tasks: [nap] })
    const run = engine.trigger(nap, {})
    let url = ''
    let continued = false
    const paused = engine.inspect({ assetsDir: DIST, log: (line) => void (url = /http:\/\/[\d.:]+/.exec(line)![0]) }).then(() => (continued = true))
    while (!url) await new Promise((resolve) => setTimeout(resolve, 5))
    const page = await browser.context.newPage()
    await page.goto(`${url}/runs/${run.id}`)
    await page.locator('dd', { hasText: /^sleep "nap" until 2026-01-01 01:00:00/ }).waitFor()
    await page.getByRole('link', { name: 'Clock', exact: true }).click()
    await page.getByRole('button', { name: 'Run until idle' }).click()
    await page.locator('#active-runs', { hasText: '0' }).waitFor()
    expect(engine.run(run).status).toBe('completed')
    await page.screenshot({ path: join(SHOTS, 'inspect.png') })
    expect(continued).toBe(false)
    await page.getByRole('button', { name: 'Continue test' }).click()
    await paused
    expect(continued).toBe(true)
    await page.close()
  })
})
