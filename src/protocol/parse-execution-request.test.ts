import { describe, expect, it } from 'vitest'
import { ExecutionRequestBodySchema } from './execution.js'
import { parseExecutionRequest } from './parse-execution-request.js'

const body = (journal: unknown) => ({ version: 1, requestId: 'req_1', now: 0, clock: 'real', invocation: { runId: 'run_1', taskId: 't', attempt: 1, payload: { a: 1 }, journal, dispatched: [], createdAt: 0, extra: true }, extra: 1 })

// Entries the hand check must judge exactly as the schema does: accepted with the same output, or refused.
const entries: unknown[] = [
  { key: 'a', kind: 'run', status: 'completed', result: { x: [1, 2] }, seq: 1 },
  { key: 'a', kind: 'run', status: 'completed', result: null },
  { key: 'a', kind: 'run', status: 'completed' },
  { key: 'nap', kind: 'sleep', status: 'waiting', until: 1767225600000 },
  { key: 'nap', kind: 'sleep', status: 'completed', until: -8.64e15, seq: 0 },
  { key: 'c', kind: 'wait', status: 'failed', childId: 'run_2', error: { name: 'Error', message: 'no', cause: { name: 'E', message: 'm' } }, seq: 4 },
  { key: 'c', kind: 'trigger', status: 'completed', childId: 'run_2', unknown: 'dropped', also: { x: 1 } },
  JSON.parse('{"key":"p","kind":"run","status":"completed","__proto__":{"polluted":true}}'),
  { key: '', kind: 'run', status: 'completed' },
  { key: 1, kind: 'run', status: 'completed' },
  { key: 'a', kind: 'loop', status: 'completed' },
  { key: 'a', kind: 'run', status: 'done' },
  { key: 'a', kind: 'run', status: 'completed', until: 8.64e15 + 1 },
  { key: 'a', kind: 'run', status: 'completed', until: '1' },
  { key: 'a', kind: 'run', status: 'completed', until: null },
  { key: 'a', kind: 'run', status: 'completed', seq: -1 },
  { key: 'a', kind: 'run', status: 'completed', seq: 1.5 },
  { key: 'a', kind: 'run', status: 'completed', seq: 2 ** 53 },
  { key: 'a', kind: 'run', status: 'completed', childId: 3 },
  { key: 'a', kind: 'run', status: 'failed', error: { name: 'Error' } },
  null,
  [],
  'entry',
]

describe('parseExecutionRequest', () => {
  it.each(entries.map((entry, i) => [i, entry]))('judges journal entry %i as the schema does', (_, entry) => {
    const fast = parseExecutionRequest(body([entry, { key: 'z', kind: 'run', status: 'completed', seq: 9 }]))
    const slow = ExecutionRequestBodySchema.safeParse(body([entry, { key: 'z', kind: 'run', status: 'completed', seq: 9 }]))
    expect(fast.success).toBe(slow.success)
    if (fast.success && slow.success) expect(fast.data).toStrictEqual(slow.data)
    else expect(fast.error?.issues).toEqual(slow.error?.issues)
  })

  it('reports a bad field outside the journal as the schema does', () => {
    const bad = { ...body([{ key: 'a', kind: 'run', status: 'completed' }]), requestId: '' }
    expect(parseExecutionRequest(bad).error?.issues).toEqual(ExecutionRequestBodySchema.safeParse(bad).error?.issues)
  })

  it('reads a body without a journal array through the schema', () => {
    for (const odd of [null, 3, [], { version: 1 }, body('not a list')]) {
      expect(parseExecutionRequest(odd).success).toBe(false)
    }
  })
})
