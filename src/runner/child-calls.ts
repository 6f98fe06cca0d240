import { ValidationError } from '../errors/input-errors.js'
import { never } from './never.js'
import { derivedId } from '../model/random.js'
import { checkWakeAt, parseWait } from '../model/time-limits.js'
import { jsonRoundTrip } from '../model/json.js'
import type { AnyTask } from '../sdk/task-types.js'
import type { RunHandle, TriggerOptions } from '../sdk/types.js'
import type { ExecutionOutcome, ExecutionRequest, JournalStep, SpawnRequest, Wait } from './types.js'

/** What the child calls need of their invocation. */
export interface ChildHost {
  readonly request: ExecutionRequest
  readonly outcome: ExecutionOutcome
  readonly done: boolean
  now(): number
  /** The key for the next call of `name`, numbered when repeated. */
  nextKey(name: string): string
  /** Looks a key up in the journal (and records it in the outcome's order). */
  replay(key: string): JournalStep | undefined
  /** Settles a journaled entry in completion order: its result, or its error thrown. */
  replayed(entry: JournalStep): Promise<unknown>
  suspend(wait: Wait): Promise<never>
}


/**
 * The child runs of one invocation: `ctx.task()` requests, `someTask.trigger()` and
 * `triggerAndWait()` inside the run, and durable waits on a child's end. Children with the
 * same idempotency key in one run are one run: the second call gets the first one's id.
 */
export class ChildCalls {
  /** `ctx.task` requests, dispatched only if the invocation ends without error. */
  readonly pendingTaskCalls: SpawnRequest[] = []
  private readonly dispatched: Set<string> | undefined
  /** Run id of each `taskId \0 idempotencyKey` triggered so far in this run. */
  private keyed: Map<string, string> | undefined

  constructor(private readonly host: ChildHost) {
    const { dispatched } = host.request
    if (dispatched.length > 0) this.dispatched = new Set(dispatched)
  }

  request(taskId: string, payload: unknown): Promise<void> {
    if (typeof taskId !== 'string' || taskId === '') {
      return Promise.reject(new ValidationError('INVALID_STEP', `Failed to request a child task: the task id is ${JSON.stringify(taskId)}. Pass the id of a defined task, e.g. ctx.task('send-email', payload).`))
    }
    const key = this.host.nextKey(`ctx.task:${taskId}`)
    this.host.outcome.order.push(key)
    if (this.dispatched?.has(key)) return Promise.resolve()
    const data = jsonRoundTrip(payload, `the payload of child task "${taskId}"`)
    this.pendingTaskCalls.push({ key, runId: derivedId('run', `${this.host.request.runId}/${key}`), taskId, payload: data, via: 'ctx.task' })
    return Promise.resolve()
  }

  trigger(task: AnyTask, payload: unknown, options?: TriggerOptions): RunHandle {
    const host = this.host
    const key = host.nextKey(`trigger:${task.id}`)
    const entry = host.replay(key)
    const known = this.knownRun(task, options)
    const runId = (entry?.result as { id?: string } | undefined)?.id ?? known ?? derivedId('run', `${host.request.runId}/${key}`)
    if (!entry && !host.done) {
      const now = host.now()
      if (known === undefined) host.outcome.spawns.push({ key, runId, taskId: task.id, payload, via: 'trigger', ...spawnTiming(options, now) })
      host.outcome.steps.push({ key, name: key, kind: 'trigger', status: 'completed', result: { id: runId }, startedAt: now, endedAt: now })
    }
    this.remember(task, options, runId)
    return { id: runId, taskId: task.id, waitForCompletion: () => this.waitFor(runId) as never }
  }

  triggerAndWait(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<unknown> {
    const host = this.host
    if (host.done) return never()
    const key = host.nextKey(`triggerAndWait:${task.id}`)
    const entry = host.replay(key)
    if (entry) {
      if (entry.childId !== undefined) this.remember(task, options, entry.childId)
      return this.settleWait(entry, key)
    }
    const known = this.knownRun(task, options)
    const runId = known ?? this.childId(key)
    if (known === undefined) host.outcome.spawns.push({ key, runId, taskId: task.id, payload, via: 'triggerAndWait', ...spawnTiming(options, host.now()) })
    this.remember(task, options, runId)
    return host.suspend({ key, kind: 'child', childId: runId })
  }

  waitFor(runId: string): Promise<unknown> {
    const host = this.host
    if (host.done) return never()
    const key = host.nextKey(`wait:${runId}`)
    const entry = host.replay(key)
    if (entry) return this.settleWait(entry, key)
    return host.suspend({ key, kind: 'child', childId: runId })
  }

  private settleWait(entry: JournalStep, key: string): Promise<unknown> {
    if (entry.status === 'waiting') return this.host.suspend({ key, kind: 'child', childId: entry.childId! })
    return this.host.replayed(entry)
  }

  /**
   * The id of a new child. A retry gets ids of its own: the child a failed attempt waited on
   * is not journaled when its failure ended that attempt, so the retry starts another one.
   */
  private childId(key: string): string {
    const { runId, attempt } = this.host.request
    return derivedId('run', attempt === 1 ? `${runId}/${key}` : `${runId}/${key}@${attempt}`)
  }

  private knownRun(task: AnyTask, options: TriggerOptions | undefined): string | undefined {
    if (options?.idempotencyKey === undefined || !this.keyed) return undefined
    return this.keyed.get(`${task.id}\u0000${options.idempotencyKey}`)
  }

  private remember(task: AnyTask, options: TriggerOptions | undefined, runId: string): void {
    if (options?.idempotencyKey === undefined) return
    const k = `${task.id}\u0000${options.idempotencyKey}`
    if (!this.keyed?.has(k)) (this.keyed ??= new Map()).set(k, runId)
  }
}

function spawnTiming(options: TriggerOptions | undefined, now: number): Pick<SpawnRequest, 'delayUntil' | 'idempotencyKey'> {
  const out: Pick<SpawnRequest, 'delayUntil' | 'idempotencyKey'> = {}
  if (options?.delay !== undefined) {
    out.delayUntil = options.delay instanceof Date ? checkWakeAt(options.delay.getTime(), now, 'the trigger delay') : now + parseWait(options.delay, 'the trigger delay')
  }
  if (options?.idempotencyKey !== undefined) out.idempotencyKey = options.idempotencyKey
  return out
}
