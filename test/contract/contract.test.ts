import { afterEach, beforeEach, describe } from 'vitest'
import { harnesses } from './harness.js'
import { cancel } from './scenarios/cancel.js'
import { children } from './scenarios/children.js'
import { concurrency } from './scenarios/concurrency.js'
import { crons } from './scenarios/crons.js'
import { delays } from './scenarios/delays.js'
import { events } from './scenarios/events.js'
import { heldSlots } from './scenarios/held-slots.js'
import { logs } from './scenarios/logs.js'
import { retries } from './scenarios/retries.js'
import { statuses } from './scenarios/statuses.js'
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
    retries(h)
    timeouts(h)
    concurrency(h)
    heldSlots(h)
    delays(h)
    children(h)
    cancel(h)
    crons(h)
    logs(h)
    events(h)
  })
}
