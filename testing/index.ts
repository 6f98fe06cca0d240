/**
 * @module backlot/testing — unit-test backlot tasks in memory on a virtual clock: a test
 * engine, time control, inspection, step controls, vitest matchers, histories and replay.
 */
import { autoRegisterMatchers } from './register-matchers.js'

// Test engines
export { createTestEngine } from './create-test-engine.js'
export { TestEngine } from './test-engine.js'
export { TestClock } from './test-clock.js'

// Driving a VirtualClock for any engine (a host's own engine, a platform's): fire timers one
// instant at a time and let the invocations they start finish in between
export { TimeDriver } from '../src/engine/time-driver.js'

// Step controls and spies
export { StepControl } from './step-controls.js'

// Inspection
export { attemptsOf } from './attempts.js'
export { formatTimeline } from './timeline.js'

// Histories and replay
export { toHistory, parseHistory } from './history.js'
export { replay } from './replay.js'
export { diffSteps } from './step-diff.js'

// Matchers
export { backlotMatchers } from './matchers.js'
export { registerBacklotMatchers } from './register-matchers.js'

// Errors
export { TestKitError, NonDeterminismError } from './errors.js'

export type { TestEngineOptions } from './test-engine-options.js'
export type { TimeDriverOptions } from '../src/engine/time-driver.js'
export type { TestRunFilter } from './run-filter.js'
export type { TestRun } from './test-run.js'
export type { StepSpyCall } from './step-controls.js'
export type { AttemptSummary } from './attempts.js'
export type { RunHistory } from './history.js'
export type { ReplayResult, ReplayDifference } from './replay.js'
export type { RunRef } from './run-ref.js'
export type { BacklotMatchers } from './matcher-types.js'
export type { ExpectedError, MatcherContext } from './matchers.js'
export type { ExtendableExpect } from './register-matchers.js'

await autoRegisterMatchers()
