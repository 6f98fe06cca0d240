import { TestEngine } from './test-engine.js'
import type { TestEngineOptions } from './test-engine-options.js'

/**
 * Creates an in-memory engine on a virtual clock for a test. Runs, sleeps, retries, crons,
 * children and `triggerAndWait` all execute for real, in virtual time: a 30-day sleep takes
 * microseconds, and awaiting a run moves the clock by itself. Dispose it when the test ends
 * (`await using` does it for you).
 *
 * @example
 * await using engine = createTestEngine({ tasks: [checkout, sendEmail], seed: 7 })
 * const run = engine.trigger(checkout, { orderId: 'o1' })
 * await engine.runUntilIdle()
 * expect(run).toHaveCompleted()
 * expect(run).toHaveSpawned(sendEmail, { orderId: 'o1' })
 */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  return new TestEngine(options)
}
