import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ManifestSchema } from '../protocol/manifest.js'
import { BatchTriggerRequestSchema, TriggerRequestSchema } from '../protocol/api-trigger.js'
import { ListRunsQuerySchema } from '../protocol/api-runs.js'
import { RunEventSchema } from '../protocol/api-events.js'
import { OutcomeSchema } from '../protocol/execution.js'
import { describeIssues } from './describe-issues.js'

const issuesOf = (schema: { safeParse(v: unknown, p?: { reportInput?: boolean }): { error?: unknown } }, value: unknown, reportInput = true): string =>
  describeIssues(schema.safeParse(value, { reportInput }).error)

// The wire schemas are zod/mini, which loads no locale: their messages are worded from each
// issue, as zod's English locale words them.
describe('describeIssues', () => {
  it('words zod/mini issues as the English locale does', () => {
    expect(issuesOf(TriggerRequestSchema, { payload: {}, options: { dealy: '1h', idempotencyKey: '' } })).toBe(
      'options.idempotencyKey: Too small: expected string to have >=1 characters; options: Unrecognized key: "dealy"',
    )
    expect(issuesOf(TriggerRequestSchema, null)).toBe('(root): Invalid input: expected object, received null')
    expect(issuesOf(TriggerRequestSchema, { options: { delayUntil: 'tomorrow' } })).toBe('options.delayUntil: Invalid ISO datetime')
    expect(issuesOf(BatchTriggerRequestSchema, { items: [] })).toBe('items: Too small: expected array to have >=1 items')
    expect(issuesOf(ListRunsQuerySchema, { limit: '5000', status: ['done'] })).toBe(
      'status.0: Invalid option: expected one of "pending"|"running"|"completed"|"failed"|"cancelled"; limit: Too big: expected number to be <=1000',
    )
    expect(issuesOf(ListRunsQuerySchema, { limit: 'abc' })).toBe('limit: Invalid input: expected number, received NaN')
    expect(issuesOf(RunEventSchema, { type: 'nope', runId: 'r', at: 1 })).toMatch(/^type: Invalid discriminator value\. Expected 'run\.triggered' \| 'run\.waiting' \| /)
  })

  it('names what was received when the schema keeps the input, and only then', () => {
    const manifest = { status: 'ok', version: 1.5, sdk: { name: 1, language: 'ts' }, mode: 'dev', tasks: [] }
    // ManifestSchema keeps the input itself (src/protocol/report-input.ts).
    expect(describeIssues(ManifestSchema.safeParse(manifest).error)).toBe('version: Invalid input: expected int, received number; sdk.name: Invalid input: expected string, received number')
    expect(issuesOf(TriggerRequestSchema, 'x', false)).toBe('(root): Invalid input: expected object')
  })

  it('says which types a union takes', () => {
    expect(issuesOf(TriggerRequestSchema, { options: { delay: true } })).toBe('options.delay: Invalid input: expected number or string, received boolean')
    expect(issuesOf(TriggerRequestSchema, { options: { delay: -1 } })).toBe('options.delay: Too small: expected number to be >=0')
  })

  it('keeps a custom message', () => {
    const outcome = { status: 'failed', steps: [], waits: [], spawns: [], logs: [], order: [] }
    expect(issuesOf(OutcomeSchema, outcome)).toBe('error: a failed outcome must carry its error')
  })

  it("keeps the messages of a schema that has them (an app's zod schema)", () => {
    expect(describeIssues(z.object({ n: z.number().min(1, 'n must be positive'), s: z.string() }).safeParse({ n: 0, s: 1 }).error)).toBe(
      'n: n must be positive; s: Invalid input: expected string, received number',
    )
  })

  it('falls back to the error message, and honours the limit', () => {
    expect(describeIssues(new Error('boom'))).toBe('boom')
    expect(issuesOf(ListRunsQuerySchema, { taskId: '', parentId: '' }).split('; ')).toHaveLength(2)
    expect(describeIssues(ListRunsQuerySchema.safeParse({ taskId: '', parentId: '' }).error, 1)).toBe('taskId: Too small: expected string to have >=1 characters')
  })
})
