import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildRows } from '../../src/dashboard/waterfall-model.js'
import { checkPayloadText } from '../../src/dashboard/payload-check.js'
import type { RunEvent } from '../../src/model/events.js'

const DIR = join(import.meta.dirname, '..', '..', 'src', 'dashboard')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : []))
}

describe('dashboard source', () => {
  it('never writes markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or dangerouslySetInnerHTML', () => {
    const files = sources(DIR)
    expect(files.length).toBeGreaterThan(10)
    const offenders = files.filter((f) => /innerHTML|outerHTML|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML/.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('talks only to the platform API under /api/v1 and to a test\'s inspect pause, from one client module', () => {
    const fetching = sources(DIR).filter((f) => /\bfetch\(/.test(readFileSync(f, 'utf8')))
    expect(fetching.map((f) => f.slice(DIR.length + 1))).toEqual(['api.ts'])
    const targets = [...readFileSync(join(DIR, 'api.ts'), 'utf8').matchAll(/fetch\(([^,)]+)/g)].map((m) => m[1])
    expect(targets).toEqual(['`${PREFIX}${path}`', "'/inspect'", "'/inspect/continue'", "'/login'"])
  })
})

describe('the payload check of the Run editor', () => {
  const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false }

  it('passes JSON the schema allows and names each problem otherwise', () => {
    expect(checkPayloadText('{"n": 1}', schema)).toEqual({ ok: true, value: { n: 1 } })
    const bad = checkPayloadText('{"n": "x", "m": 1}', schema)
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.problems.join('\n')).toMatch(/payload\/n/)
    expect(checkPayloadText('{"n": ', schema)).toEqual({ ok: false, problems: [expect.stringMatching(/^The payload is not valid JSON/)] })
    expect(checkPayloadText('[1, 2]', undefined)).toEqual({ ok: true, value: [1, 2] })
  })
})

describe('the waterfall model', () => {
  it('folds a retry, a sleep woken early and a log into rows in time order', () => {
    const r = 'run_1'
    const events: RunEvent[] = [
      { type: 'run.triggered', runId: r, at: 0, taskId: 't', payload: {} },
      { type: 'attempt.started', runId: r, at: 0, attempt: 1 },
      { type: 'step.failed', runId: r, at: 5, attempt: 1, key: 'a', name: 'a', kind: 'run', error: { name: 'Error', message: 'boom' }, startedAt: 1 },
      { type: 'attempt.failed', runId: r, at: 6, attempt: 1, error: { name: 'Error', message: 'boom', retriable: true }, retryAt: 1_006 },
      { type: 'attempt.started', runId: r, at: 1_006, attempt: 2 },
      { type: 'log', runId: r, at: 1_007, attempt: 2, level: 'info', message: 'hello' },
      { type: 'sleep.started', runId: r, at: 1_008, key: 'nap', until: 60_000, name: 'nap' },
      { type: 'attempt.suspended', runId: r, at: 1_008, attempt: 2 },
      { type: 'sleep.completed', runId: r, at: 2_000, key: 'nap' },
      { type: 'attempt.started', runId: r, at: 2_000, attempt: 3, resumed: true },
      { type: 'run.completed', runId: r, at: 2_001, result: 1 },
    ]
    const rows = buildRows(events)
    expect(rows.map((row) => [row.kind, row.start, row.end, row.status])).toEqual([
      ['attempt', 0, 6, 'failed'],
      ['step', 1, 5, 'failed'],
      ['retry', 6, 1_006, 'done'],
      ['attempt', 1_006, 1_008, 'suspended'],
      ['log', 1_007, 1_007, 'info'],
      ['sleep', 1_008, 2_000, 'woken early'],
      ['attempt', 2_000, 2_001, 'completed'],
    ])
    expect(rows.find((row) => row.kind === 'retry')!.due).toBe(1_006)
  })
})
