import type { Harness } from './harness.js'
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

/** Every scenario of the contract suite, registered (as vitest tests) against one harness. */
export function allScenarios(h: Harness): void {
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
}
