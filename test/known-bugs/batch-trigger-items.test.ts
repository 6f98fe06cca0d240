// Known bug, pinned with it.fails: the test passes while the bug is there and fails once it is
// fixed (then turn it into a plain `it`).
//
// batchTrigger() takes raw payloads (seed 000) or `{ payload, options }` items, and tells them
// apart by shape (src/sdk/task.ts, isBatchItem): an object whose only keys are `payload` and
// `options` is taken for an item. A task whose payload is itself shaped like that, e.g. a relay of
// `{ payload }` events, has every payload silently unwrapped: the runs start with the inner value,
// and the call type-checks.
import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const relayEvent = task({
  id: 'relay-event',
  run: async (event: { payload: { n: number } }) => event.payload.n,
})

describe('batchTrigger() of payloads that have a `payload` key', () => {
  it.fails('starts each run with the payload as given', async () => {
    await using engine = createTestEngine({ tasks: [relayEvent] }).use()
    await relayEvent.batchTrigger([{ payload: { n: 1 } }, { payload: { n: 2 } }])
    await engine.runUntilIdle()
    // Today: payloads { n: 1 } and { n: 2 }, and both runs fail with "Cannot read properties of undefined (reading 'n')".
    expect(engine.runs().map((r) => [r.payload, r.status])).toEqual([
      [{ payload: { n: 1 } }, 'completed'],
      [{ payload: { n: 2 } }, 'completed'],
    ])
  })
})
