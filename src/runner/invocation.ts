import { deserializeError, serializeError } from '../errors/serialize.js'
import { never } from './never.js'
import type { Duration } from '../model/duration.js'
import { checkWakeAt, parseWait } from '../model/time-limits.js'
import { jsonRoundTrip } from '../model/json.js'
import type { RunScope } from '../sdk/run-scope.js'
import type { AnyTask } from '../sdk/task-types.js'
import type { Logger, RunHandle, StepOptions, StepTools, TaskContext, TriggerOptions } from '../sdk/types.js'
import { retriableAtOnce } from './attempt-error.js'
import { checkStepName, stepRetries, toEpoch } from './step-input.js'
import { StepKeys } from './step-keys.js'
import { RunContext, type ContextHost } from './run-context.js'
import { controlOf, type InvocationControl } from './invocation-control.js'
import { ChildCalls, type ChildHost } from './child-calls.js'
import { ReplayOrder } from './replay-order.js'
import type { AbandonedStep, ExecutionOutcome, ExecutionRequest, JournalStep, LogLevel, SpawnRequest, Wait } from './types.js'

/** What a test kit sees of each new `step.run` call, to mock, fail or spy on it. */
export interface StepCall {
  runId: string
  taskId: string
  attempt: number
  key: string
  name: string
  /** 1 for the first step of this name in the run, 2 for the second... */
  index: number
}

/** Wraps the execution of each new `step.run`: return a value to mock it, throw to fail it. */
export type StepInterceptor = (call: StepCall, execute: () => Promise<unknown>, signal: AbortSignal) => Promise<unknown>

export interface RunnerOptions {
  /** Aborted when the attempt times out or the run is cancelled (or pass `control`). */
  signal?: AbortSignal
  /** The engine's lazy form of `signal`. */
  control?: InvocationControl
  /** The clock steps and logs are timed by. Default Date.now. */
  now?: () => number
  interceptStep?: StepInterceptor
  /** Sleeps end at once (logic-only tests). */
  skipSleeps?: boolean
}

const NO_CALLS: readonly SpawnRequest[] = Object.freeze([])

/**
 * The state of one invocation of a handler against its journal: the step tools, the context,
 * and the outcome they fill in. One object per invocation, thrown away afterwards.
 */
export class Invocation implements RunScope, ChildHost, ContextHost {
  readonly outcome: ExecutionOutcome = { status: 'failed', steps: [], waits: [], spawns: [], logs: [], order: [] }
  readonly control: InvocationControl
  // Made on first use: most runs make no child, and a trivial run should not pay for one.
  private childCalls: ChildCalls | undefined
  /** Steps executing right now; a suspension waits for them so their results are kept. */
  private inflight: Map<Promise<unknown>, AbandonedStep> | undefined
  done = false
  private suspended = false

  /** True once the handler reached a wait it cannot pass. */
  get isSuspended(): boolean {
    return this.suspended
  }
  /** Called once, at the first suspension; set by executeRun. */
  onSuspend: () => void = () => {}
  // Empty journals are the common case: no Map or Set is built for them.
  private readonly journal: Map<string, JournalStep> | undefined
  /** Releases journaled entries in the order they completed (absent when none has a `seq`). */
  private readonly replayOrder: ReplayOrder | undefined
  private stepKeys: StepKeys | undefined
  private replayRemaining = 0
  readonly now: () => number

  constructor(
    readonly task: AnyTask,
    readonly request: ExecutionRequest,
    private readonly options: RunnerOptions,
    control?: InvocationControl,
  ) {
    this.control = control ?? options.control ?? controlOf(options.signal)
    this.now = options.now ?? Date.now
    if (request.journal.length > 0) {
      this.journal = new Map()
      const seqs: number[] = []
      for (const step of request.journal) {
        this.journal.set(step.key, step)
        if (step.status === 'waiting') continue
        this.replayRemaining++
        if (step.seq !== undefined && step.kind !== 'trigger') seqs.push(step.seq)
      }
      if (seqs.length > 0) this.replayOrder = new ReplayOrder(seqs)
    }
  }

  get children(): ChildCalls {
    return (this.childCalls ??= new ChildCalls(this))
  }

  /** `ctx.task` requests, dispatched only if the invocation ends without error. */
  get pendingTaskCalls(): readonly SpawnRequest[] {
    return this.childCalls?.pendingTaskCalls ?? NO_CALLS
  }

  get signal(): AbortSignal {
    return this.control.signal
  }

  nextKey(name: string): string {
    return (this.stepKeys ??= new StepKeys()).next(name).key
  }

  context(): TaskContext {
    return new RunContext(this)
  }

  // The invocation is its own RunScope: `task.trigger()` inside the handler lands here.
  trigger(task: AnyTask, payload: unknown, options?: TriggerOptions): RunHandle {
    return this.children.trigger(task, payload, options)
  }

  triggerAndWait(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<unknown> {
    return this.children.triggerAndWait(task, payload, options)
  }

  waitFor(runId: string, _taskId: string): Promise<unknown> {
    return this.children.waitFor(runId)
  }

  stepTools(): StepTools {
    return {
      run: (name, fn, options) => this.runStep(name, fn, options) as never,
      sleep: (name, duration) => this.sleep(name, () => this.now() + parseWait(duration as Duration, `the duration of step.sleep("${name}")`)),
      sleepUntil: (name, until) => this.sleep(name, () => checkWakeAt(toEpoch(name, until), this.now(), `the time of step.sleepUntil("${name}")`)),
    }
  }

  /** Looks a key up in the journal, and records that the handler reached it. */
  replay(key: string): JournalStep | undefined {
    this.outcome.order.push(key)
    const entry = this.journal?.get(key)
    // A trigger's handle is returned at once; every other entry counts as replayed when it settles.
    if (entry?.kind === 'trigger') this.replayRemaining--
    return entry
  }

  /** A journaled entry's result (or error), released in the order the entries completed. */
  replayed(entry: JournalStep): Promise<unknown> {
    const settle = () => settleEntry(this, entry)
    if (entry.seq === undefined || !this.replayOrder) return new Promise((resolve) => resolve(settle()))
    return this.replayOrder.turn(entry.seq, settle)
  }

  /** Counts one journaled entry as replayed: log lines written from now on are new. */
  replayedOne(): void {
    this.replayRemaining--
  }

  /** What keeps the handler from being idle: steps executing, journaled entries not yet released. */
  busy(): Promise<unknown> | undefined {
    const order = this.replayOrder?.busy
    if (!this.inflight?.size) return order
    return Promise.allSettled(order ? [...this.inflight.keys(), order] : [...this.inflight.keys()])
  }

  /** Steps still executing and waits not yet over: what the handler leaves behind if it returns now. */
  pendingWork(): AbandonedStep[] {
    if (!this.inflight?.size && this.outcome.waits.length === 0) return []
    const out: AbandonedStep[] = this.inflight ? [...this.inflight.values()] : []
    for (const w of this.outcome.waits) out.push({ key: w.key, name: w.kind === 'sleep' ? (w.name ?? w.key) : w.key, kind: w.kind === 'sleep' ? 'sleep' : 'wait' })
    return out
  }

  private async runStep(name: string, fn: () => unknown, options?: StepOptions): Promise<unknown> {
    checkStepName(name, 'step.run')
    const retries = stepRetries(name, options)
    if (this.done) return never()
    const { key, index } = (this.stepKeys ??= new StepKeys()).next(name)
    const entry = this.replay(key)
    if (entry && entry.status !== 'waiting') return this.replayed(entry)
    for (let tries = 0; ; tries++) {
      if (this.control.aborted) throw this.control.reason
      const startedAt = this.now()
      const execute = async () => fn()
      const intercept = this.options.interceptStep
      const raw = intercept
        ? intercept({ runId: this.request.runId, taskId: this.request.taskId, attempt: this.request.attempt, key, name, index }, execute, this.control.signal)
        : execute()
      const work = raw.then((value) => jsonRoundTrip(value, `the result of step "${name}"`))
      const inflight = (this.inflight ??= new Map())
      inflight.set(work, { key, name, kind: 'run' })
      try {
        const result = await work
        if (!this.done) this.outcome.steps.push({ key, name, kind: 'run', status: 'completed', result, startedAt, endedAt: this.now() })
        return result
      } catch (error) {
        if (!this.done) this.outcome.steps.push({ key, name, kind: 'run', status: 'failed', error: serializeError(error), startedAt, endedAt: this.now() })
        if (tries >= retries || this.done || !retriableAtOnce(error)) throw error
      } finally {
        inflight.delete(work)
      }
    }
  }

  private async sleep(name: string, wakeAt: () => number): Promise<void> {
    checkStepName(name, 'step.sleep')
    if (this.done) return never()
    const key = this.nextKey(name)
    const entry = this.replay(key)
    if (entry && entry.status !== 'waiting') return this.replayed(entry) as Promise<void>
    const until = entry?.until ?? wakeAt()
    const now = this.now()
    if (until <= now || this.options.skipSleeps) {
      this.outcome.steps.push({ key, name, kind: 'sleep', status: 'completed', startedAt: now, endedAt: now })
      return
    }
    return this.suspend(key === name ? { key, kind: 'sleep', until } : { key, kind: 'sleep', until, name })
  }

  suspend(wait: Wait): Promise<never> {
    this.outcome.waits.push(wait)
    if (!this.suspended) {
      this.suspended = true
      this.onSuspend()
    }
    return never()
  }

  requestChild(taskId: string, payload: unknown): Promise<void> {
    return this.children.request(taskId, payload)
  }

  logger(): Logger {
    const write = (level: LogLevel) => (message: string, data?: unknown) => {
      // Lines written while replaying journaled steps were already recorded by an earlier invocation.
      if (this.done || this.replayRemaining > 0) return
      const entry = { level, message: String(message), at: this.now() } as ExecutionOutcome['logs'][number]
      if (data !== undefined) entry.data = jsonRoundTrip(data, `the data of log line "${message}"`)
      this.outcome.logs.push(entry)
    }
    return Object.assign(write('info'), { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') })
  }
}

/** Settles a journaled entry now: returns its result, or throws its error rebuilt. */
function settleEntry(inv: Invocation, entry: JournalStep): unknown {
  inv.replayedOne()
  if (entry.status === 'failed') {
    throw deserializeError(entry.error ?? { name: 'Error', message: `Failed to run step "${entry.key}": an earlier invocation recorded its failure without the error. Catch it as any step error.` })
  }
  return entry.result
}
