import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
const ROOT = join(import.meta.dirname, '..', '..')
export const DIST = join(ROOT, 'dist', 'dashboard')

/**
 * Where the pages' screenshots go: docs/screenshots with BACKLOT_SCREENSHOTS=1
 * (`npm run screenshots`), else a temp folder, so a test run leaves the work tree unchanged.
 */
export const SHOTS = process.env.BACKLOT_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(tmpdir(), 'backlot-e2e-screenshots')

/**
 * Builds the dashboard when dist/dashboard is missing or older than its sources (about a second).
 * Test files run in parallel: one builds under a lock directory while the others wait for it.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist', '.dashboard-build.lock')
  mkdirSync(join(ROOT, 'dist'), { recursive: true })
  const deadline = Date.now() + 120_000
  while (!isFresh()) {
    try {
      mkdirSync(lock)
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true }) // left by a crashed run
      if (Date.now() > deadline) throw new Error(`Failed to build the dashboard: ${lock} is held by another process. Remove it if no build runs.`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      continue
    }
    try {
      if (!isFresh()) execSync('npm run build:dashboard', { cwd: ROOT, stdio: 'pipe' })
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
}

function isFresh(): boolean {
  const index = join(DIST, 'index.html')
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'src', 'dashboard'))
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Debian's chromium, headless, with a fresh profile that `close()` removes. No browser is downloaded. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'backlot-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
