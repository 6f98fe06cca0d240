import { TimeoutError } from '../src/errors/control-flow.js'
import { serializeError } from '../src/errors/serialize.js'
import { iso } from '../src/engine/run-state.js'
import type { SerializedError } from '../src/errors/serialized-error.js'
import type { StepCall, StepInterceptor } from '../src/runner/invocation.js'
import { TestKitError } from './errors.js'

/**
 * One call of a `step.run` as a spy saw it: which run and attempt, the run's payload, and how it ended.
 *
 * @example
 * const [call] = engine.stepCalls(checkout, 'charge')
 * expect(call).toMatchObject({ attempt: 1, payload: { orderId: 'o1' }, status: 'completed' })
 */
export interface StepSpyCall extends StepCall {
  /** The payload of the run the step belongs to. */
  payload: unknown
  /** Virtual time the step started, ISO. */
  at: string
  /** What ran: the real function, a mocked result, a forced failure or a forced timeout. */
  behaviour: 'real' | 'mock' | 'fail' | 'timeout'
  status: 'running' | 'completed' | 'failed'
  result?: unknown
  error?: SerializedError
}

type Behaviour =
  | { kind: 'mock'; value: unknown; remaining: number }
  | { kind: 'fail'; error: unknown; remaining: number }
  | { kind: 'timeout'; remaining: number }

/**
 * Controls and spies on one step of one task (every step of that name, or only its `index`-th
 * occurrence in a run). Behaviours queue up and are used in order: `fail({ times: 2 }).mock(x)`
 * fails the first two calls, then returns `x` on every later one. With no behaviour left, the
 * real function runs. Every call is recorded in `calls`.
 *
 * @example
 * engine.onStep(checkout, 'charge').fail({ times: 2, error: new Error('card declined') })
 * engine.onStep(checkout, 'fetch-user').mock({ id: 'u1', email: 'a@b.c' })
 * expect(engine.onStep(checkout, 'charge').calls).toHaveLength(3)
 */
export class StepControl {
  /** Every call of this step so far, in order. */
  readonly calls: StepSpyCall[] = []
  private readonly behaviours: Behaviour[] = []
  private configured = false

  constructor(
    readonly taskId: string,
    readonly name: string,
    readonly index?: number,
  ) {}

  /** Returns `result` (or `result(call)` when it is a function) instead of running the step; `times` defaults to every call. */
  mock(result: unknown, options: { times?: number } = {}): this {
    this.behaviours.push({ kind: 'mock', value: result, remaining: this.times(options.times, Number.POSITIVE_INFINITY) })
    this.configured = true
    return this
  }

  /** Throws `error` (an Error, a message, an Error class, or a function of the call) instead of running the step; `times` defaults to 1. */
  fail(options: { times?: number; error?: unknown } = {}): this {
    this.behaviours.push({ kind: 'fail', error: options.error ?? Error, remaining: this.times(options.times, 1) })
    this.configured = true
    return this
  }

  /**
   * Makes the step hang until the attempt's AbortSignal fires, so the attempt meets its task's
   * `timeout` (and is retried). A task without a timeout fails the step with a TimeoutError at once.
   * `times` defaults to 1.
   */
  timeout(options: { times?: number } = {}): this {
    this.behaviours.push({ kind: 'timeout', remaining: this.times(options.times, 1) })
    this.configured = true
    return this
  }

  /** True when a behaviour was set up (mock, fail, timeout): such a control is meant to match a step. */
  get hasBehaviour(): boolean {
    return this.configured
  }

  /** Forgets queued behaviours and recorded calls: the real function runs again. */
  reset(): this {
    this.behaviours.length = 0
    this.calls.length = 0
    this.configured = false
    return this
  }

  /** Takes the next behaviour to apply, if any is left. */
  take(): Behaviour | undefined {
    while (this.behaviours.length > 0) {
      const next = this.behaviours[0]!
      if (next.remaining <= 0) {
        this.behaviours.shift()
        continue
      }
      next.remaining--
      return next
    }
    return undefined
  }

  private times(value: number | undefined, fallback: number): number {
    const n = value ?? fallback
    if (!(n >= 1) || (!Number.isInteger(n) && n !== Number.POSITIVE_INFINITY)) {
      throw new TestKitError('INVALID_OPTION', `Failed to set up step "${this.name}" of task "${this.taskId}": times is ${JSON.stringify(value)}. Pass a whole number ≥ 1.`)
    }
    return n
  }
}

/** What the interceptor needs to know about the engine it serves. */
export interface StepHost {
  payloadOf(runId: string): unknown
  timeoutOf(taskId: string): number | undefined
  now(): number
}

/**
 * The mutable registry of step controls that a test engine's `interceptStep` reads on every call,
 * so controls set after the engine was created apply to the next step that runs.
 */
export class StepRegistry {
  /** Every `step.run` that executed (or was mocked) on this engine, in order. */
  readonly calls: StepSpyCall[] = []
  private readonly controls = new Map<string, StepControl>()
  /** Runs whose invocation hangs in a forced timeout: the time driver need not wait for them. */
  private readonly parked = new Map<string, number>()

  control(taskId: string, name: string, index?: number): StepControl {
    if (typeof name !== 'string' || name === '') {
      throw new TestKitError('INVALID_STEP', `Failed to control a step of task "${taskId}": the step name is ${JSON.stringify(name)}. Pass the name given to step.run().`)
    }
    if (index !== undefined && !(Number.isInteger(index) && index >= 1)) {
      throw new TestKitError('INVALID_STEP', `Failed to control step "${name}" of task "${taskId}": index is ${JSON.stringify(index)}. Pass 1 for the first step of that name, 2 for the second...`)
    }
    const key = controlKey(taskId, name, index)
    let control = this.controls.get(key)
    if (!control) this.controls.set(key, (control = new StepControl(taskId, name, index)))
    return control
  }

  /**
   * Controls given a behaviour that never matched a step (a misspelt name, a wrong task or
   * index): the test did not test what it meant to. Names the steps that did run for the task.
   */
  unmatched(): string[] {
    const problems: string[] = []
    for (const control of this.controls.values()) {
      if (!control.hasBehaviour || control.calls.length > 0) continue
      const ran = [...new Set(this.calls.filter((c) => c.taskId === control.taskId).map((c) => c.name))]
      const where = control.index === undefined ? `"${control.name}"` : `"${control.name}" #${control.index}`
      problems.push(`onStep("${control.taskId}", ${where}) matched no step (steps that ran for "${control.taskId}": ${ran.length ? ran.map((n) => `"${n}"`).join(', ') : 'none'})`)
    }
    return problems
  }

  /** Runs parked in a forced timeout. */
  get parkedRuns(): number {
    return this.parked.size
  }

  interceptor(host: StepHost): StepInterceptor {
    // Written with `then`, not as an async function: the same turns, one promise fewer a step.
    return (call, execute, signal) => {
      const { controls } = this
      const exact = controls.size === 0 ? undefined : controls.get(controlKey(call.taskId, call.name, call.index))
      const byName = controls.size === 0 ? undefined : controls.get(controlKey(call.taskId, call.name))
      const behaviour = exact?.take() ?? byName?.take()
      const spy: StepSpyCall = {
        runId: call.runId,
        taskId: call.taskId,
        attempt: call.attempt,
        key: call.key,
        name: call.name,
        index: call.index,
        payload: host.payloadOf(call.runId),
        // iso() keeps its last answer: the steps of one invocation share a virtual instant.
        at: iso(host.now()),
        behaviour: behaviour?.kind ?? 'real',
        status: 'running',
      }
      this.calls.push(spy)
      exact?.calls.push(spy)
      byName?.calls.push(spy)
      const markFailed = (error: unknown): void => {
        spy.status = 'failed'
        spy.error = serializeError(error)
      }
      let performed: Promise<unknown>
      try {
        performed = this.perform(behaviour, call, execute, signal, host)
      } catch (error) {
        // Thrown at once (a mock function that throws): rejected at once, as an async function would.
        markFailed(error)
        return Promise.reject(error)
      }
      return performed.then((result) => {
        spy.status = 'completed'
        if (result !== undefined) spy.result = result
        return result
      }, (error: unknown) => {
        markFailed(error)
        throw error
      })
    }
  }

  private perform(behaviour: Behaviour | undefined, call: StepCall, execute: () => Promise<unknown>, signal: AbortSignal, host: StepHost): Promise<unknown> {
    if (!behaviour) return execute()
    if (behaviour.kind === 'mock') return Promise.resolve(typeof behaviour.value === 'function' ? (behaviour.value as (c: StepCall) => unknown)(call) : behaviour.value)
    if (behaviour.kind === 'fail') {
      const given = behaviour.error
      const forced = `Step "${call.key}" of task "${call.taskId}" failed (forced by the test kit).`
      const e = isErrorClass(given) ? new (given as new (m: string) => Error)(forced) : typeof given === 'function' ? (given as (c: StepCall) => unknown)(call) : given
      return Promise.reject(typeof e === 'string' ? new Error(e) : e)
    }
    const ms = host.timeoutOf(call.taskId)
    if (ms === undefined) {
      return Promise.reject(new TimeoutError(`Step "${call.key}" of run "${call.runId}" was forced to time out by the test kit; task "${call.taskId}" has no \`timeout\`, so the step failed at once.`, 0))
    }
    return this.hang(call.runId, signal)
  }

  private hang(runId: string, signal: AbortSignal): Promise<never> {
    return new Promise<never>((_, reject) => {
      if (signal.aborted) return reject(signal.reason)
      this.parked.set(runId, (this.parked.get(runId) ?? 0) + 1)
      signal.addEventListener('abort', () => {
        const n = (this.parked.get(runId) ?? 1) - 1
        if (n <= 0) this.parked.delete(runId)
        else this.parked.set(runId, n)
        reject(signal.reason)
      }, { once: true })
    })
  }
}

function controlKey(taskId: string, name: string, index?: number): string {
  return `${taskId}\u0000${name}\u0000${index ?? ''}`
}

function isErrorClass(value: unknown): boolean {
  return typeof value === 'function' && (value === Error || (value as { prototype?: unknown }).prototype instanceof Error)
}
