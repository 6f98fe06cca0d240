import type { Clock, TimerHandle } from '../clock/clock.js'
import { TimeoutError } from '../errors/control-flow.js'
import { failedOutcome } from '../runner/failed-outcome.js'
import { LazyAbort } from '../runner/invocation-control.js'
import type { ExecutionOutcome, ExecutionRequest } from '../runner/types.js'
import type { RunEvent } from '../model/events.js'
import type { Executor, TaskPolicy } from './executor.js'
import { isTerminal } from '../model/run-record.js'
import { journalOf } from './journal.js'
import type { RunState } from './run-state.js'
import { TaskQueue } from './task-queue.js'

/** The invocation in flight for a run; a late outcome of a replaced invocation is discarded. */
export interface InFlight {
  task: TaskPolicy
  attempt: number
  controller: LazyAbort
  timeout?: TimerHandle
  /** Set once the handler has returned and its concurrency slot is free again. */
  slotFreed?: boolean
  /** The run's `settled` count when the invocation started: steps settled later were not in its journal. */
  seen?: number
}

/** What the dispatcher needs of the engine. */
export interface DispatchHost {
  readonly clock: Clock
  readonly disposed: boolean
  findTask(id: string): TaskPolicy | undefined
  executorFor(taskId: string): Executor
  append(run: RunState, event: RunEvent): void
  /** Turns a finished invocation's outcome into events (apply-outcome.ts). */
  applyOutcome(run: RunState, flight: InFlight, outcome: ExecutionOutcome): void
}

/** Shared empty list for requests with nothing dispatched (the runner only reads it). */
const NONE: readonly string[] = Object.freeze([])

/**
 * Starts invocations: a FIFO queue and a concurrency count per task, one invocation in flight
 * per run, the per-attempt timeout, and a count of invocations not yet settled so drivers know
 * when the engine is quiet.
 */
export class Dispatcher {
  /** Runs whose wait ended while an invocation was in flight: resumed when it suspends. */
  readonly resumeAfter = new Set<string>()
  private readonly queues = new Map<string, TaskQueue<RunState>>()
  private readonly inflight = new Map<string, InFlight>()
  private readonly ready: RunState[] = []
  private readonly queued = new Set<string>()
  /** Invocation promises not yet settled (including outcomes discarded after a timeout or cancel). */
  private unsettled = 0
  private readonly idleWaiters: (() => void)[] = []
  private pumpScheduled = false

  constructor(private readonly host: DispatchHost) {}

  /** Invocations executing right now. */
  get executingCount(): number {
    return this.inflight.size
  }

  /** Resolves when every invocation started so far has settled and nothing is queued to start. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Queues a run to start (or resume) as soon as its task has a free slot. */
  enqueue(run: RunState): void {
    if (isTerminal(run.status) || this.queued.has(run.id)) return
    if (this.inflight.has(run.id)) {
      this.resumeAfter.add(run.id)
      return
    }
    this.queued.add(run.id)
    this.ready.push(run)
    if (!this.pumpScheduled) {
      this.pumpScheduled = true
      queueMicrotask(() => this.pump())
    }
  }

  /** Stops the run's invocation (its outcome will be discarded) and takes it out of its queue. */
  cancel(run: RunState, reason: unknown): void {
    const flight = this.inflight.get(run.id)
    if (flight) {
      // Its outcome is discarded from now on, but it keeps its slot until its handler returns.
      this.detach(run, flight)
      flight.controller.abort(reason)
    }
    this.queues.get(run.taskId)?.remove(run)
  }

  /** Forgets a run that ended. */
  forget(runId: string): void {
    this.resumeAfter.delete(runId)
  }

  /** Aborts every attempt in flight; the reason (an error with a stack) is made only if there is one. */
  dispose(reason: () => unknown): void {
    if (this.inflight.size === 0) return
    const error = reason()
    for (const flight of this.inflight.values()) {
      if (flight.timeout) this.host.clock.clearTimer(flight.timeout)
      flight.controller.abort(error)
    }
    this.inflight.clear()
  }

  private isSettled(): boolean {
    return this.unsettled === 0 && !this.pumpScheduled
  }

  private notifyIfSettled(): void {
    if (this.idleWaiters.length === 0 || !this.isSettled()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private pump(): void {
    this.pumpScheduled = false
    const batch = this.ready.splice(0)
    for (const run of batch) {
      this.queued.delete(run.id)
      if (isTerminal(run.status) || this.host.disposed) continue
      const task = this.host.findTask(run.taskId)!
      const queue = this.queueFor(task)
      if (queue.hasSlot()) this.start(run, task)
      else {
        queue.wait(run)
        if (!run.blocked) this.host.append(run, { type: 'run.waiting', runId: run.id, at: this.host.clock.now(), for: 'concurrency' })
      }
    }
    this.notifyIfSettled()
  }

  private queueFor(task: TaskPolicy): TaskQueue<RunState> {
    let queue = this.queues.get(task.id)
    if (!queue) this.queues.set(task.id, (queue = new TaskQueue(task.concurrency ?? Number.POSITIVE_INFINITY)))
    return queue
  }

  private start(run: RunState, task: TaskPolicy): void {
    const { clock } = this.host
    this.queueFor(task).running++
    const resumed = run.status === 'running'
    const attempt = resumed ? run.attempt : run.attempt + 1
    const now = clock.now()
    this.host.append(run, resumed ? { type: 'attempt.started', runId: run.id, at: now, attempt, resumed: true } : { type: 'attempt.started', runId: run.id, at: now, attempt })
    const flight: InFlight = { task, attempt, controller: new LazyAbort(), seen: run.settled }
    this.inflight.set(run.id, flight)
    if (task.timeoutMs !== undefined) {
      const ms = task.timeoutMs
      flight.timeout = clock.setTimer(now + ms, () => {
        if (this.inflight.get(run.id) !== flight) return
        const error = new TimeoutError(
          `Failed to finish attempt ${attempt} of run "${run.id}" (task "${task.id}") within its timeout of ${ms} ms. Raise the task's \`timeout\` or make the work faster.`,
          ms,
        )
        flight.controller.abort(error)
        // The attempt fails now; its slot stays taken until the handler returns.
        this.finish(run, flight, failedOutcome(error, clock.now()), false)
      })
    }
    const request: ExecutionRequest = {
      runId: run.id,
      taskId: run.taskId,
      attempt,
      payload: run.payload,
      journal: journalOf(run),
      dispatched: run.dispatched ?? (NONE as string[]),
      createdAt: run.createdAt,
    }
    if (run.parentId !== undefined) request.parentId = run.parentId
    if (run.scheduledAt !== undefined) request.scheduledAt = run.scheduledAt
    this.unsettled++
    const settle = (outcome: ExecutionOutcome): void => {
      try {
        this.finish(run, flight, outcome, true)
      } finally {
        this.freeSlot(flight)
        this.unsettled--
        this.notifyIfSettled()
      }
    }
    this.host
      .executorFor(task.id)
      .execute(task, request, flight.controller)
      .then(settle, (error) => settle(failedOutcome(error, clock.now())))
  }

  /** Applies the outcome of the run's current invocation; `settled` frees its slot first, as the handler has returned. */
  private finish(run: RunState, flight: InFlight, outcome: ExecutionOutcome, settled: boolean): void {
    if (this.inflight.get(run.id) !== flight || isTerminal(run.status)) return
    this.detach(run, flight)
    if (settled) this.freeSlot(flight)
    this.host.applyOutcome(run, flight, outcome)
  }

  /** The run has no invocation in flight any more: a later outcome of this one is discarded. */
  private detach(run: RunState, flight: InFlight): void {
    this.inflight.delete(run.id)
    if (flight.timeout) this.host.clock.clearTimer(flight.timeout)
  }

  /**
   * Gives the invocation's slot back, once, when its handler has returned (not at a timeout or
   * cancel: a handler that ignores its signal still runs), and starts the next waiters of its task.
   */
  private freeSlot(flight: InFlight): void {
    if (flight.slotFreed) return
    flight.slotFreed = true
    const queue = this.queueFor(flight.task)
    queue.running--
    if (this.host.disposed) return
    for (let next = queue.take(); next; next = queue.take()) {
      if (!isTerminal(next.status)) this.start(next, flight.task)
    }
  }
}
