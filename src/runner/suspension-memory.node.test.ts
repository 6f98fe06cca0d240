import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, it } from 'vitest'
import { task } from '../sdk/task.js'
import { executeRun } from './execute-run.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve))

it("lets a suspended handler's frame be collected once its invocation has ended", async () => {
  const frames: WeakRef<object>[] = []
  const napper = task({
    id: 'napper',
    run: async (_: void, { step }) => {
      // Held by the handler's frame across the sleep: collectable only if the frame is.
      const local = { rows: new Array(1_000).fill(0) }
      frames.push(new WeakRef(local))
      await step.sleep('nap', '1h')
      return local.rows.length
    },
  })
  for (let i = 0; i < 20; i++) {
    const outcome = await executeRun(napper, { runId: `run_${i}`, taskId: 'napper', attempt: 1, payload: undefined, journal: [], dispatched: [], createdAt: 0 })
    expect(outcome.status).toBe('suspended')
  }
  // A WeakRef's target stays alive until the end of the job that made or read it.
  await nextTask()
  gc()
  await nextTask()
  gc()
  expect(frames.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
})
