import { afterEach, beforeEach, describe } from 'vitest'
import { allScenarios } from './all-scenarios.js'
import { harnesses } from './harness.js'

// One suite, every transport: each scenario talks to the engine only through the SDK and
// the harness, and asserts only through status records and event logs.
for (const make of harnesses) {
  const h = make()
  describe(`the contract over the ${h.name} transport`, () => {
    beforeEach((context) => {
      const reason = h.skips?.[context.task.name]
      if (reason) context.skip(`not over ${h.name}: ${reason}`)
    })
    afterEach(() => h.teardown())
    allScenarios(h)
  })
}
