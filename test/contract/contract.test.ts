import { afterEach, beforeEach, describe } from 'vitest'
import { harnesses } from './harness.js'
import { cancel } from './scenarios/cancel.js'
import { children } from './scenarios/children.js'
import { childrenKeys } from './scenarios/children-keys.js'
import { concurrency } from './scenarios/concurrency.js'
import { crons } from './scenarios/crons.js'
import { delays } from './scenarios/delays.js'
import { events } from './scenarios/events.js'
import { heldSlots } from './scenarios/held-slots.js'
import { logs } from './scenarios/logs.js'
import { replayEnding } from './scenarios/replay-ending.js'
import { replayFailures } from './scenarios/replay-failures.js'
import { replayOrder } from './scenarios/replay-order.js'
import { replayPatterns } from './scenarios/replay-patterns.js'
import { retries } from './scenarios/retries.js'
import { statuses } from './scenarios/statuses.js'
import { stepRetries } from './scenarios/step-retries.js'
import { steps } from './scenarios/steps.js'
import { timeouts } from './scenarios/timeouts.js'

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
    statuses(h)
    steps(h)
    stepRetries(h)
    retries(h)
    timeouts(h)
    concurrency(h)
    heldSlots(h)
    delays(h)
    children(h)
    childrenKeys(h)
    cancel(h)
    crons(h)
    logs(h)
    events(h)
    replayOrder(h)
    replayEnding(h)
    replayFailures(h)
    replayPatterns(h)
  })
}
