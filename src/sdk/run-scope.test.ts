import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'
import { currentRunScope, runScopeTracking } from './run-scope.js'

// A real timer of 0 ms: the point is the async hop a timer makes, not the time it takes.
const realTimer = () => new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0))

const child = task({ id: 'scope-child', run: async (n: number) => n })

const parent = task({
  id: 'scope-parent',
  run: async (n: number, { step }) => {
    await child.trigger(n)
    await realTimer()
    await child.trigger(n + 100)
    await step.sleep('nap', '1h')
    await Promise.resolve()
    await new Promise<void>((resolve) => globalThis.setTimeout(() => void child.trigger(n + 200).then(() => resolve()), 0))
    return n
  },
})

describe('run scope', () => {
  it('makes triggers children of the run across awaits, timers and replays', async () => {
    await using engine = createTestEngine({ tasks: [parent, child] })
    const run = engine.trigger(parent, 1)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith(1)
    const payloads = engine.runs({ task: child, parentId: run.id }).map((r) => r.payload)
    expect(payloads).toEqual([1, 101, 201])
    expect(engine.runs({ task: child })).toHaveLength(3)
  })

  it('keeps each run its own scope while several execute at once', async () => {
    await using engine = createTestEngine({ tasks: [parent, child] })
    const runs = [engine.trigger(parent, 1), engine.trigger(parent, 2), engine.trigger(parent, 3)]
    await engine.runUntilIdle()
    for (const [i, run] of runs.entries()) {
      const payloads = engine.runs({ task: child, parentId: run.id }).map((r) => r.payload)
      expect(payloads).toEqual([i + 1, i + 101, i + 201])
    }
  })

  it('stops tracking async context once no invocation executes, so user promises pay nothing', async () => {
    const seen: boolean[] = []
    const watcher = task({ id: 'scope-watcher', run: async (_: void, { step }) => {
      seen.push(runScopeTracking(), currentRunScope() !== undefined)
      await step.sleep('nap', '1m')
    } })
    await using engine = createTestEngine({ tasks: [watcher] })
    const run = engine.trigger(watcher)
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
    expect(seen).toEqual([true, true, true, true])
    expect(runScopeTracking()).toBe(false)
    expect(currentRunScope()).toBeUndefined()
  })
})
