import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestEngine } from 'backlot/testing'
import { task } from '../sdk/task.js'

const dir = mkdtempSync(join(tmpdir(), 'backlot-inspect-'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('TestEngine.inspect()', () => {
  it('serves the dashboard and the API on the test engine until Continue is pressed', async () => {
    const nap = task({ id: 'nap', run: async (_: unknown, { step }) => step.sleep('nap', '1h') })
    await using engine = createTestEngine({ tasks: [nap] })
    const run = engine.trigger(nap, {})
    let url = ''
    let ended = false
    const lines: string[] = []
    const paused = engine
      .inspect({
        assetsDir: dir,
        log: (line) => {
          lines.push(line)
          url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0]
        },
      })
      .then(() => (ended = true))
    while (!url) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(lines[0]).toMatch(/^backlot: the test engine is paused; inspect it at http:\/\/127\.0\.0\.1:\d+\/runs and press Continue there/)
    expect((await fetch(`${url}/runs/${run.id}`)).headers.get('content-type')).toBe('text/html; charset=utf-8')
    const record = (await (await fetch(`${url}/api/v1/runs/${run.id}`)).json()) as { status: string; waitingFor: { kind: string } }
    expect(record).toMatchObject({ status: 'running', waitingFor: { kind: 'sleep' } })
    const advanced = await fetch(`${url}/api/v1/clock/advance`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body: '{"duration":"1h"}' })
    expect(advanced.status).toBe(200)
    expect(engine.run(run).status).toBe('completed')
    expect(await (await fetch(`${url}/inspect`)).json()).toEqual({ paused: true })
    const refused = await fetch(`${url}/inspect/continue`, { method: 'POST', headers: { origin: 'http://evil.example' } })
    expect(refused.status).toBe(403)
    expect(ended).toBe(false)
    expect(await (await fetch(`${url}/inspect/continue`, { method: 'POST', headers: { origin: url } })).json()).toEqual({ paused: false })
    await paused
    expect(ended).toBe(true)
    await expect(fetch(`${url}/inspect`)).rejects.toThrow()
  })
})
