import { ValidationError } from '../errors/input-errors.js'
import { deserializeError, serializeError } from '../errors/serialize.js'
import { derivedId } from '../model/random.js'
import type { Duration } from '../model/duration.js'
import { checkWakeAt, parseWait } from '../sdk/time-limits.js'
import { jsonRoundTrip } from '../model/json.js'
import type { RunScope } from '../sdk/run-scope.js'
import type { AnyTask } from '../sdk/task.js'
import type { Logger, RunHandle, StepTools, TaskContext, TriggerOptions } from '../sdk/types.js'
import { StepKeys } from './step-keys.js'
import { RunContext } from './run-context.js'
import { controlOf, type InvocationControl } from './invocation-control.js'
import type { ExecutionOutcome, ExecutionRequest, JournalStep, LogLevel, SpawnRequest, Wait } from './types.js'

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

const NEVER = new Promise<never>(() => {})

/**
 * The state of one invocation of a handler against its journal: the step tools, the context,
 * and the outcome they fill in. One object per invocation, thrown away afterwards.
 */
export class Invocation implements RunScope {
  readonly outcome: ExecutionOutcome = { status: 'failed', steps: [], waits: [], spawns: [], logs: [], order: [] }
  readonly control: InvocationControl
  /** `ctx.task` requests, dispatched only if the invocation ends without error. */
  readonly pendingTaskCalls: SpawnRequest[] = []
  /** Steps executing right now; a suspension waits for them so their results are kept. */
  inflight: Set<Promise<unknown>> | undefined
  done = false
  private suspended = false

  /** True once the handler reached a wait it cannot pass; its later return or throw is ignored. */
  get isSuspended(): boolean {
    return this.suspended
  }
  /** Called once, at the first suspension; set by executeRun. */
  onSuspend: () => void = () => {}
  // Empty journals are the common case: no Map or Set is built for them.
  private readonly journal: Map<string, JournalStep> | undefined
  private readonly dispatched: Set<string> | undefined
  private stepKeys: StepKeys | undefined
  private replayRemaining = 0
  private readonly now: () => number

  constructor(
    readonly task: AnyTask,
    readonly request: ExecutionRequest,
    private readonly options: RunnerOptions,
  ) {
    this.control = options.control ?? controlOf(options.signal)
    this.now = options.now ?? Date.now
    if (request.journal.length > 0) {
      this.journal = new Map()
      for (const step of request.journal) {
        this.journal.set(step.key, step)
        if (step.status !== 'waiting') this.replayRemaining++
      }
    }
    if (request.dispatched.length > 0) this.dispatched = new Set(request.dispatched)
  }

  get signal(): AbortSignal {
    return this.control.signal
  }

  private keys(): StepKeys {
    return (this.stepKeys ??= new StepKeys())
  }

  context(): TaskContext {
    return new RunContext(this)
  }

  // The invocation is its own RunScope: `task.trigger()` inside the handler lands here.
  trigger(task: AnyTask, payload: unknown, options?: TriggerOptions): RunHandle {
    return this.triggerChild(task, payload, options)
  }

  triggerAndWait(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<unknown> {
    return this.triggerAndWaitChild(task, payload, options)
  }

  waitFor(runId: string, taskId: string): Promise<unknown> {
    return this.waitForChild(runId, taskId)
  }

  stepTools(): StepTools {
    return {
      run: (name, fn) => this.runStep(name, fn) as never,
      sleep: (name, duration) => this.sleep(name, () => this.now() + parseWait(duration as Duration, `the duration of step.sleep("${name}")`)),
      sleepUntil: (name, until) => this.sleep(name, () => checkWakeAt(toEpoch(name, until), this.now(), `the time of step.sleepUntil("${name}")`)),
    }
  }

  /** Looks a key up in the journal and counts it as replayed. */
  private replay(key: string): JournalStep | undefined {
    this.outcome.order.push(key)
    const entry = this.journal?.get(key)
    if (entry && entry.status !== 'waiting') this.replayRemaining--
    return entry
  }

  private async runStep(name: string, fn: () => unknown): Promise<unknown> {
    checkStepName(name, 'step.run')
    if (this.done) return NEVER
    const { key, index } = this.keys().next(name)
    const entry = this.replay(key)
    if (entry?.status === 'completed') return entry.result
    if (this.control.aborted) throw this.control.reason
    const startedAt = this.now()
    const execute = async () => fn()
    const intercept = this.options.interceptStep
    const raw = intercept
      ? intercept({ runId: this.request.runId, taskId: this.request.taskId, attempt: this.request.attempt, key, name, index }, execute, this.control.signal)
      : execute()
    const work = raw.then((value) => jsonRoundTrip(value, `the result of step "${name}"`))
    const inflight = (this.inflight ??= new Set())
    inflight.add(work)
    try {
      const result = await work
      if (!this.done) this.outcome.steps.push({ key, name, kind: 'run', status: 'completed', result, startedAt, endedAt: this.now() })
      return result
    } catch (error) {
      if (!this.done) this.outcome.steps.push({ key, name, kind: 'run', status: 'failed', error: serializeError(error), startedAt, endedAt: this.now() })
      throw error
    } finally {
      inflight.delete(work)
    }
  }

  private async sleep(name: string, wakeAt: () => number): Promise<void> {
    checkStepName(name, 'step.sleep')
    if (this.done) return NEVER
    const { key } = this.keys().next(name)
    const entry = this.replay(key)
    if (entry?.status === 'completed') return
    const until = entry?.until ?? wakeAt()
    const now = this.now()
    if (until <= now || this.options.skipSleeps) {
      this.outcome.steps.push({ key, name, kind: 'sleep', status: 'completed', startedAt: now, endedAt: now })
      return
    }
    return this.suspend(key === name ? { key, kind: 'sleep', until } : { key, kind: 'sleep', until, name })
  }

  private suspend(wait: Wait): Promise<never> {
    this.outcome.waits.push(wait)
    if (!this.suspended) {
      this.suspended = true
      this.onSuspend()
    }
    return NEVER
  }

  requestChild(taskId: string, payload: unknown): Promise<void> {
    if (typeof taskId !== 'string' || taskId === '') {
      return Promise.reject(new ValidationError('INVALID_STEP', `Failed to request a child task: the task id is ${JSON.stringify(taskId)}. Pass the id of a defined task, e.g. ctx.task('send-email', payload).`))
    }
    const { key } = this.keys().next(`ctx.task:${taskId}`)
    this.outcome.order.push(key)
    if (this.dispatched?.has(key)) return Promise.resolve()
    const data = jsonRoundTrip(payload, `the payload of child task "${taskId}"`)
    this.pendingTaskCalls.push({ key, runId: derivedId('run', `${this.request.runId}/${key}`), taskId, payload: data, via: 'ctx.task' })
    return Promise.resolve()
  }

  private triggerChild(task: AnyTask, payload: unknown, options?: TriggerOptions): RunHandle {
    const { key } = this.keys().next(`trigger:${task.id}`)
    const entry = this.replay(key)
    const runId = (entry?.result as { id?: string } | undefined)?.id ?? derivedId('run', `${this.request.runId}/${key}`)
    if (!entry && !this.done) {
      const now = this.now()
      this.outcome.spawns.push({ key, runId, taskId: task.id, payload, via: 'trigger', ...spawnTiming(options, now) })
      this.outcome.steps.push({ key, name: key, kind: 'trigger', status: 'completed', result: { id: runId }, startedAt: now, endedAt: now })
    }
    return { id: runId, taskId: task.id, waitForCompletion: () => this.waitForChild(runId, task.id) as never }
  }

  private triggerAndWaitChild(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<unknown> {
    if (this.done) return NEVER
    const { key } = this.keys().next(`triggerAndWait:${task.id}`)
    const entry = this.replay(key)
    if (entry) return this.settleWait(entry, key)
    const runId = derivedId('run', `${this.request.runId}/${key}`)
    this.outcome.spawns.push({ key, runId, taskId: task.id, payload, via: 'triggerAndWait', ...spawnTiming(options, this.now()) })
    return this.suspend({ key, kind: 'child', childId: runId })
  }

  private waitForChild(runId: string, _taskId: string): Promise<unknown> {
    if (this.done) return NEVER
    const { key } = this.keys().next(`wait:${runId}`)
    const entry = this.replay(key)
    if (entry) return this.settleWait(entry, key)
    return this.suspend({ key, kind: 'child', childId: runId })
  }

  private settleWait(entry: JournalStep, key: string): Promise<unknown> {
    if (entry.status === 'completed') return Promise.resolve(entry.result)
    if (entry.status === 'failed') return Promise.reject(deserializeError(entry.error!))
    return this.suspend({ key, kind: 'child', childId: entry.childId! })
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

function checkStepName(name: unknown, tool: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError('INVALID_STEP', `Failed to run ${tool}: the step name is ${JSON.stringify(name)}. Give every step a non-empty name, e.g. ${tool}('send-email', ...).`)
  }
}

function toEpoch(name: string, until: Date | string | number): number {
  const t = until instanceof Date ? until.getTime() : typeof until === 'string' ? Date.parse(until) : until
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new ValidationError('INVALID_DURATION', `Failed to run step.sleepUntil("${name}"): ${JSON.stringify(until)} is not a valid date. Pass a Date, an ISO string or epoch milliseconds.`)
  }
  return t
}

function spawnTiming(options: TriggerOptions | undefined, now: number): Pick<SpawnRequest, 'delayUntil' | 'idempotencyKey'> {
  const out: Pick<SpawnRequest, 'delayUntil' | 'idempotencyKey'> = {}
  if (options?.delay !== undefined) {
    out.delayUntil = options.delay instanceof Date ? checkWakeAt(options.delay.getTime(), now, 'the trigger delay') : now + parseWait(options.delay, 'the trigger delay')
  }
  if (options?.idempotencyKey !== undefined) out.idempotencyKey = options.idempotencyKey
  return out
}
