import type { RunStatus } from '../src/model/run-record.js'
import type { SerializedError } from '../src/errors/serialized-error.js'
import type { AnyTask } from '../src/sdk/task-types.js'
import type { ReplayResult } from './replay.js'
import { TestKitError } from './errors.js'
import { viewOf, type RunView } from './run-view.js'
import type { TestEngine } from './test-engine.js'
import { errorText } from './timeline.js'

/**
 * The part of vitest's matcher `this` the backlot matchers use.
 *
 * @example
 * backlotMatchers.toHaveCompleted.call(expect.getState() as MatcherContext, run)
 */
export interface MatcherContext {
  isNot: boolean
  equals(a: unknown, b: unknown): boolean
  utils: { printExpected(value: unknown): string; printReceived(value: unknown): string }
}

interface Result {
  pass: boolean
  message: () => string
  actual?: unknown
  expected?: unknown
}

/**
 * What `toHaveFailedWith` accepts: a message part, a pattern, an Error class, an Error, or a partial serialized error.
 *
 * @example
 * expect(run).toHaveFailedWith({ name: 'TimeoutError', code: 'TIMEOUT' })
 */
export type ExpectedError = string | RegExp | (abstract new (...args: never[]) => Error) | Error | Partial<SerializedError>

type Check = (view: RunView, ctx: MatcherContext) => { pass: boolean; got: string; actual?: unknown; expected?: unknown }

/** Builds a run matcher: resolves the subject, runs the check, and prints the timeline on failure. */
function runMatcher(what: (ctx: MatcherContext, ...args: never[]) => string, check: (...args: never[]) => Check) {
  return function (this: MatcherContext, received: unknown, ...args: never[]): Result {
    const view = viewOf(received)
    const expectation = what(this, ...args)
    if (!view) {
      // Thrown, not returned: `.not` must not turn an unknown subject into a pass.
      throw new TestKitError('RUN_NOT_FOUND', `Failed to check a run (expected it to ${expectation}): ${plain(received)} is not a run this test kit can find. Pass a handle from trigger(), the id of a run of a live test engine, or a RunRecord.`)
    }
    const r = check(...args)(view, this)
    const { record } = view
    const name = `run ${record.id} (task "${record.taskId}")`
    const hint = record.status === 'pending' || record.status === 'running' ? '\nIt has not ended: move time first (await engine.runUntilIdle(), or await run.waitForCompletion()).' : ''
    return {
      pass: r.pass,
      actual: r.actual,
      expected: r.expected,
      message: () => `expected ${name} ${this.isNot ? 'not ' : ''}to ${expectation}, but ${r.got}${hint}\n\n${view.timeline}`,
    }
  }
}

const statusText = (view: RunView): string =>
  view.record.status === 'failed' ? `it failed: ${errorText(view.record.error ?? undefined)}` : `it is ${view.record.status}`

/**
 * The backlot vitest matchers. Importing `backlot/testing` inside vitest registers them; call
 * `expect.extend(backlotMatchers)` yourself anywhere else. Each accepts a TestRun (or any handle
 * with an id), a run id of a live test engine, or a RunRecord; failures print the run's timeline.
 *
 * @example
 * expect(run).toHaveCompletedWith({ sent: true })
 * expect(run).toHaveFailedWith(NonRetriableError)
 * expect(run).toHaveAttempts(3)
 * expect(run).not.toHaveRunStep('charge')
 * expect(engine).not.toHaveTriggered(sendEmail)
 */
export const backlotMatchers = {
  toHaveCompleted: runMatcher(
    () => 'have completed',
    () => (view) => ({ pass: view.record.status === 'completed', got: statusText(view) }),
  ),

  toHaveCompletedWith: runMatcher(
    (ctx, value: unknown) => `have completed with ${ctx.utils.printExpected(value)}`,
    (value: unknown) => (view, ctx) => {
      const { status, result } = view.record
      if (status !== 'completed') return { pass: false, got: statusText(view) }
      return { pass: ctx.equals(result, value), got: `it completed with ${ctx.utils.printReceived(result)}`, actual: result, expected: value }
    },
  ),

  toHaveFailed: runMatcher(
    () => 'have failed',
    () => (view) => ({ pass: view.record.status === 'failed', got: statusText(view) }),
  ),

  toHaveFailedWith: runMatcher(
    (ctx, expected: ExpectedError) => `have failed with ${describeExpectedError(ctx, expected)}`,
    (expected: ExpectedError) => (view, ctx) => {
      const { status, error } = view.record
      if (status !== 'failed' || !error) return { pass: false, got: statusText(view) }
      return { pass: errorMatches(ctx, error, expected), got: `it failed with ${errorText(error)}`, actual: error }
    },
  ),

  toHaveBeenCancelled: runMatcher(
    () => 'have been cancelled',
    () => (view) => ({ pass: view.record.status === 'cancelled', got: statusText(view) }),
  ),

  toHaveStatus: runMatcher(
    (_ctx, status: RunStatus) => `have status "${status}"`,
    (status: RunStatus) => (view) => ({ pass: view.record.status === status, got: statusText(view) }),
  ),

  toHaveAttempts: runMatcher(
    (_ctx, n: number) => `have made ${n} attempt(s)`,
    (n: number) => (view) => ({ pass: view.record.attempts === n, got: `it made ${view.record.attempts}`, actual: view.record.attempts, expected: n }),
  ),

  toHaveRunStep: runMatcher(
    (ctx, name: string, ...rest: unknown[]) => `have run step "${name}"${rest.length > 0 ? ` with result ${ctx.utils.printExpected(rest[0])}` : ''}`,
    (name: string, ...rest: unknown[]) => (view, ctx) => {
      const step = view.record.steps.find((s) => s.key === name) ?? view.record.steps.find((s) => s.name === name)
      const keys = view.record.steps.map((s) => `"${s.key}"`).join(', ') || 'none'
      if (!step) return { pass: false, got: `its steps are ${keys}` }
      if (rest.length === 0) return { pass: true, got: `it ran "${step.key}" (${step.status})` }
      if (step.status !== 'completed') return { pass: false, got: `step "${step.key}" is ${step.status}${step.error ? `: ${errorText(step.error)}` : ''}` }
      return { pass: ctx.equals(step.result, rest[0]), got: `step "${step.key}" returned ${ctx.utils.printReceived(step.result)}`, actual: step.result, expected: rest[0] }
    },
  ),

  toHaveSpawned: runMatcher(
    (ctx, task: AnyTask | string, ...rest: unknown[]) => `have spawned a "${taskIdOf(task)}" child${rest.length > 0 ? ` with payload ${ctx.utils.printExpected(rest[0])}` : ''}`,
    (task: AnyTask | string, ...rest: unknown[]) => (view, ctx) => {
      const taskId = taskIdOf(task)
      const ofTask = view.children.filter((c) => c.taskId === taskId)
      const pass = rest.length === 0 ? ofTask.length > 0 : ofTask.some((c) => ctx.equals(c.payload, rest[0]))
      const list = view.children.map((c) => `${c.taskId} ${JSON.stringify(c.payload)}`).join('; ') || 'none'
      return { pass, got: `its children are: ${list}` }
    },
  ),

  toHaveLogged: runMatcher(
    (_ctx, message: string | RegExp) => `have logged ${message instanceof RegExp ? String(message) : JSON.stringify(message)}`,
    (message: string | RegExp) => (view) => {
      const hit = view.record.logs.some((l) => (message instanceof RegExp ? message.test(l.message) : l.message.includes(message)))
      return { pass: hit, got: `its logs are: ${view.record.logs.map((l) => JSON.stringify(l.message)).join(', ') || 'none'}` }
    },
  ),

  /** On a TestEngine: a run of `task` (with `payload`, if given) exists. */
  toHaveTriggered(this: MatcherContext, received: TestEngine, task: AnyTask | string, ...rest: unknown[]): Result {
    const taskId = taskIdOf(task)
    const runs = received.runs({ task: taskId })
    const pass = rest.length === 0 ? runs.length > 0 : runs.some((r) => this.equals(r.payload, rest[0]))
    const all = received.runs().map((r) => `${r.id} ${r.taskId} ${JSON.stringify(r.payload)}`)
    return {
      pass,
      message: () =>
        `expected the test engine ${this.isNot ? 'not ' : ''}to have a run of "${taskId}"${rest.length > 0 ? ` with payload ${this.utils.printExpected(rest[0])}` : ''}, ` +
        `but ${runs.length} run(s) of it exist.\nAll runs:\n${all.map((l) => `  ${l}`).join('\n') || '  (none)'}`,
    }
  },

  /** On a ReplayResult: the handler reached the same steps, in the same order, as its history. */
  toBeDeterministic(this: MatcherContext, received: ReplayResult): Result {
    return {
      pass: received.ok,
      message: () => (received.ok ? `expected the replay of run ${received.runId} to differ from its history, but it reached the same steps: ${received.actual.join(', ')}` : `expected the replay of run ${received.runId} (task "${received.taskId}") to reach the same steps as its history:\n${received.diff}`),
    }
  },
}

function plain(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? `${text.slice(0, 77)}…` : text
  } catch {
    return String(value)
  }
}

function taskIdOf(task: AnyTask | string): string {
  return typeof task === 'string' ? task : task.id
}

function errorMatches(ctx: MatcherContext, error: SerializedError, expected: ExpectedError): boolean {
  if (typeof expected === 'string') return error.message.includes(expected)
  if (expected instanceof RegExp) return expected.test(error.message)
  if (typeof expected === 'function') return error.name === expected.name
  if (expected instanceof Error) return error.name === expected.name && error.message === expected.message
  return Object.entries(expected).every(([k, v]) => ctx.equals((error as unknown as Record<string, unknown>)[k], v))
}

function describeExpectedError(ctx: MatcherContext, expected: ExpectedError): string {
  if (typeof expected === 'string') return `a message containing ${JSON.stringify(expected)}`
  if (expected instanceof RegExp) return `a message matching ${String(expected)}`
  if (typeof expected === 'function') return `a ${expected.name}`
  if (expected instanceof Error) return `${expected.name}: ${expected.message}`
  return ctx.utils.printExpected(expected)
}
