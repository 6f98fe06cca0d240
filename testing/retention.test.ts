import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const echo = task({ id: 'retention-echo', run: async ({ n }: { n: number }) => n })

describe('createTestEngine and retention', () => {
  it('keeps every run unless told, and forgets ended runs under a retention it is given', async () => {
    const keepAll = createTestEngine({ tasks: [echo] })
    const bounded = createTestEngine({ tasks: [echo], retention: { maxRuns: 2 } })
    try {
      for (const engine of [keepAll, bounded]) {
        for (let n = 0; n < 5; n++) engine.trigger(echo, { n })
        await engine.runUntilIdle()
      }
      expect(keepAll.runs()).toHaveLength(5)
      expect(bounded.runs().map((r) => r.result)).toEqual([3, 4])
    } finally {
      keepAll.dispose()
      bounded.dispose()
    }
  })
})
