import { describe, expect, it } from 'vitest'
import { DuplicateTaskError, task } from 'backlot'
import { first } from './duplicate-ids/first.js'

describe('two tasks with one id in one process (the embedded engine)', () => {
  it('fails at definition time, naming both definition sites', async () => {
    const error = await import('./duplicate-ids/second.js').then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(DuplicateTaskError)
    expect((error as DuplicateTaskError).taskId).toBe('dup-report')
    expect((error as Error).message).toMatch(/defined at \S+\/duplicate-ids\/first\.ts:3 and again at \S+\/duplicate-ids\/second\.ts:3/)
    expect((error as Error).message).toContain('Give each task a unique id.')
    // The first definition is still the one the embedded engine runs.
    expect(await first.triggerAndWait()).toBe('first')
  })

  it('lets the same file define an id again (a module reloaded, a test redefining a task)', async () => {
    const once = task({ id: 'dup-same-file', run: async () => 1 })
    const again = task({ id: 'dup-same-file', run: async () => 2 })
    expect(once.id).toBe(again.id)
    expect(await again.triggerAndWait()).toBe(2)
  })
})
