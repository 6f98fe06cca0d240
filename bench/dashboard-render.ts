// Time to first render of the dashboard's Runs page: from navigation start until the first
// row of the runs table is on screen, in Debian's chromium (playwright-core, no download).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'

/** Median and max of `times` first renders of `url` (each a fresh page), or a reason it could not run. */
export async function firstRender(url: string, times = 7): Promise<string> {
  if (!existsSync(CHROMIUM)) return 'not measured: /usr/bin/chromium is absent'
  const profile = mkdtempSync(join(tmpdir(), 'backlot-bench-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const ms: number[] = []
    for (let i = 0; i < times; i++) {
      const page = await context.newPage()
      await page.goto(url)
      await page.locator('tbody tr').first().waitFor()
      ms.push(await page.evaluate(() => performance.now()))
      await page.close()
    }
    ms.sort((a, b) => a - b)
    return `median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms over ${times} loads`
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}
