// Every example entry runs offline from a fresh clone: each one as its own child process,
// started the way `npm run example -- <name>` starts it, all at once to keep the wall time short.
import { execFile } from 'node:child_process'
import { readdirSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const DEFAULT_EXAMPLE = 'order-pipeline'

/** A line each entry prints only when its scenario went the way its README says. */
const expectedLines: Record<string, RegExp> = {
  'send-email': /run_\w+ "How is it going\?": created 09:00:00, started 10:00:00, cooldown until 10:01:00, completed 10:01:00/,
  'send-emails': /09:30:00 run_\w+ completed: Dispatched 1 emails/,
  'process-order': /ord_2 completed(.|\n)*attempt 3 at 12:00:03 completed\nord_3 failed: NonRetriableError/,
  'daily-report': /03-03 09:00 daily-report completed: \{"day":"2026-03-02"/,
  batch: /4 runs, 3 sent, 1 failed, all ended after \d+\.\ds/,
  'webhook-delivery': /run_\w+ completed after 2 attempt\(s\): delivered \{"status":200,"attempt":2\}/,
  'status-and-cancel': /grace: undone, cancelled \(started: never; steps run: none\)(.|\n)*ada: 'login off, data erased'/,
  'order-pipeline': /status: completed, attempts: 1, children: 2/,
  'http-platform': /status: completed; steps: charge, reserve-lamp, triggerAndWait:send-email, wait-a-day, trigger:send-email; children: 2/,
}

function runExample(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Without vitest's variables, the child is a plain `tsx` process, as on a user's machine; without
  // BACKLOT_* ones, nothing configured, as on a fresh clone (the embedded default engine).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !key.startsWith('BACKLOT_')))
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'examples/run.ts', ...args], { cwd: root, env, timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

describe.concurrent('the example entries', () => {
  it('cover every example folder', () => {
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/main.ts`, import.meta.url)))
      .map((entry) => entry.name)
    expect(Object.keys(expectedLines).sort()).toEqual(folders.sort())
  })

  for (const [name, line] of Object.entries(expectedLines)) {
    // The default is started with no name, which also checks that it is the default.
    const args = name === DEFAULT_EXAMPLE ? [] : [name]
    // Each child needs about 1 s of CPU (tsx, backlot, the scenario); the timeout leaves room for a busy machine.
    it(`runs ${name} (npm run example${args.length ? ` -- ${name}` : ''}) and prints what happened`, { timeout: 60_000 }, async () => {
      const { code, stdout, stderr } = await runExample(...args)
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
      expect(stdout).toMatch(line)
    })
  }

  it('lists the examples and exits with 1 for an unknown name', async () => {
    const { code, stdout, stderr } = await runExample('no-such-example')
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toContain('Unknown example "no-such-example". Run one of:')
    for (const name of Object.keys(expectedLines)) expect(stderr).toContain(`npm run example -- ${name}`)
  })
})
