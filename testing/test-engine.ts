import { realMacrotask } from '../src/model/real-timers.js'
import { Engine } from '../src/engine/engine.js'
import type { CronInfo, CronInput } from '../src/model/cron-types.js'
import type { RunEvent } from '../src/model/events.js'
import type { RunLog, RunRecord, StepSummary } from '../src/model/run-record.js'
import type { ReadonlyRun } from '../src/engine/run-types.js'
import { TimeDriver } from '../src/engine/time-driver.js'
import { toRunRecord } from '../src/engine/to-record.js'
import { RunNotFoundError } from '../src/errors/input-errors.js'
import { configure, configuredTransport, resetConfiguration } from '../src/sdk/config.js'
import type { Duration } from '../src/model/duration.js'
import { resultOf } from '../src/sdk/handle.js'
import { findGlobalTask } from '../src/sdk/registry.js'
import { recordingExecutor, startTime } from './test-engine-setup.js'
import type { Jsonified } from '../src/model/json.js'
import type { AnyTask } from '../src/sdk/task-types.js'
import type { TriggerOptions } from '../src/sdk/types.js'
import { memoryTransport } from '../src/transport/memory-transport.js'
import type { Transport } from '../src/transport/transport.js'
import { attemptsOf, type AttemptSummary } from './attempts.js'
import { rethrowWithHint } from './stuck-hint.js'
import { toHistory, type RunHistory } from './history.js'
import { addRunSource, idOf, linkToSource, type RunRef } from './run-ref.js'
import { StepRegistry, type StepControl, type StepSpyCall } from './step-controls.js'
import { TestKitError } from './errors.js'
import type { TestEngineOptions } from './test-engine-options.js'
import type { InspectOptions } from '../src/server/inspect-server.js'
import { TestClock } from './test-clock.js'
import type { ResultOf, TestRun, TriggerArgs } from './test-run.js'
import { formatTimeline } from './timeline.js'
import { filterRuns, type TestRunFilter } from './run-filter.js'
import { EngineDisposedError } from '../src/errors/run-errors.js'

/**
 * An in-memory engine on a virtual clock, for tests: trigger runs, move time, inspect runs,
 * steps, attempts, logs and children, control steps, export histories. Create it with
 * `createTestEngine()`; dispose it (or `await using`) when the test ends.
 *
 * @example
 * await using engine = createTestEngine({ tasks: [sendEmail] })
 * const run = engine.trigger(sendEmail, { to: 'a@b.c' })
 * await engine.runUntilIdle()
 * expect(run).toHaveCompletedWith({ sent: true })
 */
export class TestEngine {
  readonly engine: Engine
  readonly clock: TestClock
  readonly driver: TimeDriver
  /** A memory transport on this engine whose waits move virtual time. */
  readonly transport: Transport
  private readonly controls = new StepRegistry()
  private readonly orders = new Map<string, string[]>()
  private readonly log: RunEvent[] = []
  private readonly unregister: () => void
  private restoreGlobals: (() => void) | undefined
  private inUse = false
  private previousTransport: Transport | undefined
  private disposed = false

  constructor(options: TestEngineOptions = {}) {
    this.clock = new TestClock(startTime(options.now))
    const interceptStep = this.controls.interceptor({
      payloadOf: (runId) => this.engine.get(runId)?.payload,
      timeoutOf: (taskId) => this.engine.findTask(taskId)?.timeoutMs,
      now: () => this.clock.now(),
    })
    const executor = recordingExecutor({ now: () => this.clock.now(), interceptStep, skipSleeps: options.skipSleeps ?? false }, this.orders)
    this.engine = new Engine({
      clock: this.clock,
      tasks: options.tasks ?? [],
      seed: options.seed ?? 1,
      executor,
      skipRetryDelays: options.skipRetryDelays ?? false,
      crons: options.crons ?? true,
      ...(options.discoverTasks ? { resolveTask: findGlobalTask } : {}),
      ...(options.retention ? { retention: options.retention } : {}),
    })
    this.engine.subscribe((event) => void this.log.push(event))
    this.driver = new TimeDriver(this.engine, this.clock, {
      ...(options.loopLimit === undefined ? {} : { loopLimit: options.loopLimit }),
      ...(options.hangTimeoutMs === undefined ? {} : { hangTimeoutMs: options.hangTimeoutMs }),
      isParked: () => {
        const executing = this.engine.executingCount
        return executing > 0 && (this.controls.parkedRuns >= executing || this.clock.foreignTimers() > 0)
      },
    })
    this.transport = memoryTransport(this.engine, { drive: (runId) => this.driver.untilEnded(runId).catch(rethrowWithHint) })
    this.unregister = addRunSource(this.engine)
    if (options.fakeGlobals) this.restoreGlobals = this.clock.installGlobals()
    if (options.use) this.use()
  }

  // ── runs ────────────────────────────────────────────────────────────────

  /** Starts a run now (it executes as soon as time is driven or a microtask passes) and returns its handle. */
  trigger<T extends AnyTask>(task: T, ...args: TriggerArgs<T>): TestRun<ResultOf<T>>
  trigger(taskId: string, payload?: unknown, options?: TriggerOptions): TestRun<unknown>
  trigger(task: AnyTask | string, payload?: unknown, options?: TriggerOptions): TestRun<unknown> {
    const run = this.engine.trigger(task, payload, options)
    return this.handle(run.id, run.taskId)
  }

  /** Starts a run and moves virtual time until it ends: its result, or TaskRunFailedError / TaskRunCancelledError. */
  async triggerAndWait<T extends AnyTask>(task: T, ...args: TriggerArgs<T>): Promise<Jsonified<ResultOf<T>>> {
    return this.trigger(task, ...args).waitForCompletion() as Promise<Jsonified<ResultOf<T>>>
  }

  /** Cancels a run (and its unfinished children). */
  cancel(ref: RunRef, reason?: string): RunRecord {
    return this.engine.cancel(idOf(ref), reason)
  }

  /** Creates (or replaces) a cron on this engine, as `createCron(config, input)` would. */
  createCron(input: CronInput): CronInfo {
    return this.engine.createCron(input)
  }

  // ── time ────────────────────────────────────────────────────────────────

  /** The virtual time. */
  now(): Date {
    return new Date(this.clock.now())
  }

  /** Moves virtual time forward, firing everything due on the way (sleeps, retries, crons), in order. */
  async advance(duration: Duration): Promise<void> {
    this.assertOpen('advance time')
    return this.driver.advance(duration)
  }

  /** Moves virtual time to `date`, firing everything due on the way. */
  async advanceTo(date: Date | number | string): Promise<void> {
    this.assertOpen('advance time')
    return this.driver.advanceTo(date)
  }

  /** Jumps to the next timer and fires it; false when none is pending. */
  async next(): Promise<boolean> {
    this.assertOpen('advance time')
    return this.driver.next()
  }

  /** Jumps from timer to timer until no run is pending or running (future cron firings do not count). */
  async runUntilIdle(): Promise<void> {
    this.assertOpen('run until idle')
    return this.driver.runUntilIdle().catch(rethrowWithHint)
  }

  // ── inspection ──────────────────────────────────────────────────────────

  /** A run's status record. */
  run(ref: RunRef): RunRecord {
    return toRunRecord(this.state(ref))
  }

  /** Runs in creation order, by task, status, parent or cron. `runs({ task: sendEmail })` is `[]` if it never ran. */
  runs(filter: TestRunFilter = {}): RunRecord[] {
    return filterRuns(this.engine.allRuns(), filter)
  }

  /** A run's steps, each with its attempts, result, error and times. */
  steps(ref: RunRef): StepSummary[] {
    return this.run(ref).steps
  }

  /** One step by name (the `index`-th of that name, from 1) or key; undefined if the run never reached it. */
  step(ref: RunRef, name: string, index = 1): StepSummary | undefined {
    const steps = this.steps(ref)
    return steps.find((s) => s.key === name) ?? steps.filter((s) => s.name === name)[index - 1]
  }

  /** A run's attempts, each with its times and error. */
  attempts(ref: RunRef): AttemptSummary[] {
    return attemptsOf(this.state(ref).events)
  }

  /** A run's `ctx.log` lines. */
  logs(ref: RunRef): RunLog[] {
    return this.run(ref).logs
  }

  /** A run's children (ctx.task fan-out, trigger and triggerAndWait inside the run). */
  children(ref: RunRef): RunRecord[] {
    return (this.state(ref).children ?? []).map((id) => this.run(id))
  }

  /** A run's raw event log. */
  events(ref: RunRef): readonly RunEvent[] {
    return this.state(ref).events
  }

  /** Every event of every run, in the order the engine appended them. */
  eventLog(): readonly RunEvent[] {
    return this.log
  }

  /** A run's events as text, one per line. */
  timeline(ref: RunRef): string {
    return formatTimeline(this.events(ref))
  }

  /** A run's event log as a history that `replay(task, history)` accepts. */
  history(ref: RunRef): RunHistory {
    const state = this.state(ref)
    return toHistory(state.events, this.orders.get(state.id))
  }

  /** The history as JSON text, to save beside a test. */
  exportHistory(ref: RunRef): string {
    return JSON.stringify(this.history(ref), null, 2)
  }

  // ── step controls ───────────────────────────────────────────────────────

  /**
   * Controls and spies on a step of a task: every step of that name, or only the `index`-th
   * (from 1) in a run. Works for runs started before or after the call.
   */
  onStep(task: AnyTask | string, name: string, index?: number): StepControl {
    return this.controls.control(typeof task === 'string' ? task : task.id, name, index)
  }

  /** Every `step.run` call that executed on this engine, optionally of one task and step name. */
  stepCalls(task?: AnyTask | string, name?: string): StepSpyCall[] {
    const taskId = typeof task === 'string' ? task : task?.id
    return this.controls.calls.filter((c) => (taskId === undefined || c.taskId === taskId) && (name === undefined || c.name === name))
  }

  // ── lifetime ────────────────────────────────────────────────────────────

  /** Makes this engine the default transport: `someTask.trigger()` in code under test reaches it until dispose. */
  use(): this {
    this.assertOpen('become the default transport')
    if (!this.inUse) {
      this.previousTransport = configuredTransport()
      this.inUse = true
    }
    configure({ transport: this.transport })
    return this
  }

  /**
   * Serves the browser dashboard on this engine (127.0.0.1, a free port; the URL is printed) and
   * waits until Continue is pressed in the page: look at a failing test run by run, on its
   * virtual clock. Node only; raise the test's timeout while you look.
   *
   * @example
   * await engine.inspect() // prints: inspect it at http://127.0.0.1:53124/runs …
   */
  async inspect(options: InspectOptions = {}): Promise<void> {
    this.assertOpen('inspect the engine')
    const { inspectEngine } = await import('../src/server/inspect-server.js')
    await inspectEngine(this.engine, { timeDriver: this.driver, ...options })
  }

  /** Stops every timer and attempt, restores the faked globals and the previous transport. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.engine.dispose()
    this.unregister()
    this.restoreGlobals?.()
    this.restoreGlobals = undefined
    if (this.inUse && configuredTransport() === this.transport) {
      if (this.previousTransport) configure({ transport: this.previousTransport })
      else resetConfiguration()
    }
    this.inUse = false
    const unmatched = this.controls.unmatched()
    if (unmatched.length > 0) {
      throw new TestKitError(
        'UNMATCHED_STEP_CONTROL',
        `Failed to apply a step control: ${unmatched.join('; ')}. Check the task and the step name given to onStep(), or remove the control.`,
      )
    }
  }

  [Symbol.dispose](): void {
    this.dispose()
  }

  /** Disposes, then gives aborted invocations one turn of the event loop to wind down (a hung one is not waited for). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.dispose()
    await Promise.race([this.engine.settled(), realMacrotask()])
  }

  private state(ref: RunRef): ReadonlyRun {
    const state = this.engine.get(idOf(ref))
    if (!state) throw new RunNotFoundError(idOf(ref))
    return state
  }

  private handle(id: string, taskId: string): TestRun<unknown> {
    return linkToSource(
      {
        id,
        taskId,
        waitForCompletion: async () => resultOf(await this.transport.waitForRun(id), taskId) as never,
        record: () => this.run(id) as never,
        settle: async () => (await this.transport.waitForRun(id)) as never,
      },
      this.engine,
    )
  }

  private assertOpen(action: string): void {
    if (this.disposed) throw new EngineDisposedError(`Failed to ${action}: the test engine was disposed. Create a new one with createTestEngine().`)
  }
}
