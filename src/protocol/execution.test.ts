import { describe, expect, it } from 'vitest'
import { InvocationSchema, OutcomeSchema } from './execution.js'

const invocation = (journal: unknown[]) => ({ runId: 'run_1', taskId: 't', attempt: 1, payload: null, journal, dispatched: [], createdAt: 0 })

describe('execution messages', () => {
  it('reads a journal without completion sequence numbers, as older platforms send it', () => {
    const parsed = InvocationSchema.parse(invocation([{ key: 'a', kind: 'run', status: 'completed', result: 1 }]))
    expect(parsed.journal).toEqual([{ key: 'a', kind: 'run', status: 'completed', result: 1 }])
  })

  it('keeps the sequence number and the error of a caught step failure', () => {
    const entry = { key: 'a', kind: 'run', status: 'failed', error: { name: 'TypeError', message: 'bad' }, seq: 3 }
    expect(InvocationSchema.parse(invocation([entry])).journal).toEqual([entry])
  })

  it('refuses a negative or fractional sequence number', () => {
    expect(InvocationSchema.safeParse(invocation([{ key: 'a', kind: 'run', status: 'completed', seq: -1 }])).success).toBe(false)
    expect(InvocationSchema.safeParse(invocation([{ key: 'a', kind: 'run', status: 'completed', seq: 1.5 }])).success).toBe(false)
  })

  it('reads outcomes with and without the steps the handler abandoned', () => {
    const base = { status: 'completed', result: 'ok', steps: [], waits: [], spawns: [], logs: [], order: [] }
    expect(OutcomeSchema.parse(base).abandoned).toBeUndefined()
    const abandoned = [{ key: 'timeout', name: 'timeout', kind: 'sleep' }]
    expect(OutcomeSchema.parse({ ...base, abandoned }).abandoned).toEqual(abandoned)
  })
})
