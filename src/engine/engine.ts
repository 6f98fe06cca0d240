import type { Clock } from '../clock/clock.js'
import { systemClock } from '../clock/system-clock.js'
import { RunNotFoundError, ValidationError } from '../errors/input-errors.js'
import type { RunnerOptions } from '../runner/invocation.js'
import { checkPayload } from '../sdk/payload.js'
import type { TriggerOptions } from '../sdk/types.js'
import type { RunFilter } from '../transport/transport.js'
import { CronManager } from './cron-manager.js'
import type { CronInfo, CronInput } from '../model/cron-types.js'
import type { RunEvent } from '../model/events.js'
import { inlineExecutor, type Executor, type TaskPolicy } from './executor.js'
import { applyOutcome } from './apply-outcome.js'
import { idGenerator, keyedRandom, randomSeed, seededRandom, type Random } from '../model/random.js'
import { isTerminal, type RunRecord } from '../model/run-record.js'
import { initialState, type RunState } from './run-state.js'
import type { ReadonlyRun } from './run-types.js'
import { Dispatcher } from './dispatcher.js'
import { RunTimers } from './run-timers.js'
import { notifyParent } from './children.js'
import { IdempotencyIndex, resolveDelay } from './trigger-options.js'
import { resolveRetention, Retention, type RetentionOptions } from './retention.js'
import { toRunRecord } from './to-record.js'
import { EngineDisposedError, RunCancelledError } from '../errors/run-errors.js'
import type { CompactPolicy, RunStore, StoredState } from '../store/run-store.js'
import { rearmRuns, recoverRuns, type RecoveryReport } from './recover.js'
import { createRunHost, type RunHost, type RunOrigin } from './run-host.js'
import { TaskRegistry } from './task-registry.js'
import { RunTable, type RunListener } from './run-table.js'
import { fireCron } from './cron-firing.js'
import { FoldedRun } from './folded-run.js'

export type { RunOrigin } from './run-host.js'

export interface EngineOptions {
  /** Default: the system clock. Pass a VirtualClock to control time. */
  clock?: Clock
  tasks?: readonly TaskPolicy[]
  /** Seeds ids and jitter: the same seed gives the same event logs. */
  seed?: number
  /** How invocations run. Default: inline, through the one runner. */
  executor?: Executor
  /** Passed to the inline runner: step interceptors, skipped sleeps. */
  runner?: Omit<RunnerOptions, 'signal' | 'control' | 'now'>
  /** Where ids not registered here are looked up (the embedded default uses every defined task). */
  resolveTask?: (id: string) => TaskPolicy | undefined
  /** Retries start at once instead of after their backoff (logic-only tests). */
  skipRetryDelays?: boolean
  /** Arm the crons of registered tasks. Default true. */
  crons?: boolean
  /**
   * Where every event, created cron and idempotency key is also written (src/store). Default
   * none: runs live in this engine's memory only. With a store, call `recover()` once every task
   * is registered to rebuild the runs it holds.
   */
  store?: RunStore
  /**
   * How long ended runs stay in memory (src/engine/retention.ts). Default on a real clock:
   * `{ maxAge: '7d', maxRuns: 10_000 }`; on a VirtualClock every run is kept. `false` keeps every run.
   */
  retention?: RetentionOptions | false
}



/**
 * The in-memory engine: run store (one event log per run), scheduler on a Clock, retries,
 * concurrency, crons, idempotency. See src/engine/ARCHITECTURE.md.
 *
 * @example
 * const engine = new Engine({ clock: new VirtualClock(), tasks: [sendEmail] })
 * const run = engine.trigger(sendEmail, { to: 'a@b.c' })
 */
export class Engine {
  readonly clock: Clock
  readonly random: Random
  /** The seed of `random` and of every run's retry jitter. */
  readonly seed: number
  readonly newId: (prefix: string) => string
  readonly crons: CronManager
  readonly skipRetryDelays: boolean
  private readonly tasks: TaskRegistry
  private readonly runs: RunTable
  private readonly timers: RunTimers
  private readonly idempotency = new IdempotencyIndex()
  private readonly executor: Executor
  private readonly dispatcher: Dispatcher
  // The narrow face that applying outcomes, waking parents and recovery get (run-host.ts).
  // It alone sees the live state of runs; the public readers below give records or read-only views.
  private readonly host: RunHost = createRunHost(this, {
    append: (run, event) => this.append(run, event),
    enqueue: (run) => this.enqueue(run),
    setRunTimer: (run, key, at, fn) => this.setRunTimer(run, key, at, fn),
    resumeAfter: () => this.resumeAfter,
    get: (runId) => this.runs.get(runId),
    idempotentRun: (taskId, key) => this.idempotentRun(taskId, key),
    trigger: (taskOrId, payload, options, origin) => this.start(taskOrId, payload, options, origin),
    whenEnded: (runId, fn) => this.runs.whenEnded(runId, fn),
  })
  private readonly store: RunStore | undefined
  private readonly retention: Retention | undefined
  private activeCount = 0
  private isDisposed = false

  constructor(options: EngineOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const engine = this
    this.clock = options.clock ?? systemClock()
    this.timers = new RunTimers(this.clock)
    this.seed = options.seed ?? randomSeed()
    this.random = seededRandom(this.seed)
    this.newId = idGenerator(this.random)
    this.skipRetryDelays = options.skipRetryDelays ?? false
    this.executor = options.executor ?? inlineExecutor({ ...options.runner, now: () => this.clock.now() })
    const store = (this.store = options.store)
    this.runs = new RunTable(store)
    this.crons = new CronManager(
      this.clock,
      (cron, scheduledAt) => {
        if (!this.isDisposed) fireCron(this.host, cron, scheduledAt)
      },
      store && { armed: (name, at) => store.markCron(name, at), deleted: (name) => store.deleteCron(name) },
    )
    this.tasks = new TaskRegistry(options.resolveTask, (task) => {
      if (task.cron && options.crons !== false) {
        this.crons.upsert({ name: task.id, cron: task.cron.schedule, timezone: task.cron.timezone, taskId: task.id }, 'declared')
      }
    })
    this.dispatcher = new Dispatcher({
      clock: this.clock,
      get disposed() {
        return engine.isDisposed
      },
      findTask: (id) => this.findTask(id),
      executorFor: (taskId) => this.tasks.executorOf(taskId) ?? this.executor,
      append: (run, event) => this.append(run, event),
      applyOutcome: (run, flight, outcome) => applyOutcome(this.host, run, flight, outcome),
    })
    const policy = resolveRetention(options.retention, this.clock)
    this.retention = policy && new Retention(policy, { liveParent: (id) => this.liveParent(id), forget: (id) => this.forget(id) })
    for (const task of options.tasks ?? []) this.register(task)
  }

  // ── tasks ───────────────────────────────────────────────────────────────

  /**
   * Registers a task (and arms its cron). The same object twice is fine; another with the same
   * id is not, unless `replace` (an app's manifest changed): then later attempts use the new one.
   */
  register(task: TaskPolicy, executor?: Executor, replace = false): void {
    this.tasks.register(task, executor, replace)
  }

  /** The jitter source of a run's retry: fixed by the seed, the run and the attempt alone. */
  retryRandom(runId: string, attempt: number): Random {
    return keyedRandom(this.seed, `retry:${runId}:${attempt}`)
  }

  taskIds(): string[] {
    return this.tasks.ids()
  }

  findTask(id: string): TaskPolicy | undefined {
    return this.tasks.find(id)
  }

  // ── runs ────────────────────────────────────────────────────────────────

  /**
   * Creates a run (or returns the one a live idempotency key points to) and queues it.
   * Throws a typed error, and changes nothing, when the input is bad. Returns a read-only view,
   * not a record: triggering is the hot path, and most callers want only the id.
   */
  trigger(taskOrId: TaskPolicy | string, payload: unknown, options: TriggerOptions = {}, origin: RunOrigin = {}): ReadonlyRun {
    return this.start(taskOrId, payload, options, origin)
  }

  private start(taskOrId: TaskPolicy | string, payload: unknown, options: TriggerOptions = {}, origin: RunOrigin = {}): RunState {
    this.assertOpen()
    const task = typeof taskOrId === 'string' ? this.tasks.require(taskOrId) : this.tasks.ensure(taskOrId)
    const now = this.clock.now()
    this.retention?.sweep(now)
    const data = origin.unchecked ? payload : checkPayload(task, payload)
    const delayUntil = origin.delayUntil ?? resolveDelay(task.id, options.delay, now)
    const key = options.idempotencyKey
    if (key !== undefined) {
      const live = this.idempotency.live(task.id, key, now)
      const existing = live === undefined ? undefined : this.runs.get(live)
      if (existing) return existing
    }
    const ttl = this.idempotency.ttl(options)
    let id = origin.runId ?? this.newId('run')
    const existing = this.runs.get(id)
    if (existing) {
      if (origin.runId !== undefined) return existing
      // A generated id taken by a run read back from a store (same seed): draw another.
      do id = this.newId('run')
      while (this.runs.has(id))
    }
    const event: Extract<RunEvent, { type: 'run.triggered' }> = { type: 'run.triggered', runId: id, at: now, taskId: task.id, payload: data }
    if (origin.parentId !== undefined) event.parentId = origin.parentId
    if (origin.spawnKey !== undefined) event.spawnKey = origin.spawnKey
    if (key !== undefined) event.idempotencyKey = key
    if (delayUntil !== undefined && delayUntil > now) event.delayUntil = delayUntil
    if (origin.scheduledAt !== undefined) event.scheduledAt = origin.scheduledAt
    if (origin.cron !== undefined) event.cron = origin.cron
    const run = initialState(event)
    this.activeCount++
    if (key !== undefined) {
      this.idempotency.remember(task.id, key, id, now + ttl, now)
      this.store?.rememberKey({ taskId: task.id, key, runId: id, expiresAt: now + ttl })
    }
    this.runs.create(run, event)
    if (event.delayUntil !== undefined) this.setRunTimer(run, 'delay', event.delayUntil, () => this.enqueue(run))
    else this.enqueue(run)
    return run
  }

  /** A read-only view of the run as it is now, without copying it; `getRun` for a record. */
  get(runId: string): ReadonlyRun | undefined {
    return this.runs.get(runId)
  }

  /** The run a live idempotency key of this task points to, if any. */
  private idempotentRun(taskId: string, key: string): RunState | undefined {
    const live = this.idempotency.live(taskId, key, this.clock.now())
    return live === undefined ? undefined : this.runs.get(live)
  }

  /** The run's record: a snapshot that later events do not change. Throws RUN_NOT_FOUND. */
  getRun(runId: string): RunRecord {
    const run = this.runs.get(runId)
    if (!run) throw new RunNotFoundError(runId)
    return toRunRecord(run)
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    return this.runs.list(filter).map(toRunRecord)
  }

  events(runId: string): readonly RunEvent[] {
    const run = this.runs.get(runId)
    if (!run) throw new RunNotFoundError(runId)
    return run.events
  }

  /** True once `dispose()` ran: nothing more will happen on this engine. */
  get disposed(): boolean {
    return this.isDisposed
  }

  /** Resolves with the run's record once it has ended. */
  waitForRun(runId: string): Promise<RunRecord> {
    const run = this.runs.get(runId)
    if (!run) return Promise.reject(new RunNotFoundError(runId))
    if (isTerminal(run.status)) return Promise.resolve(toRunRecord(run))
    return new Promise((resolve) => this.runs.whenEnded(runId, (ended) => resolve(toRunRecord(ended))))
  }

  /**
   * Cancels a run: a pending or sleeping run ends at once; a running attempt has its signal
   * aborted and its outcome discarded; unfinished children are cancelled too. Returns its record.
   */
  cancel(runId: string, reason?: string): RunRecord {
    const run = this.runs.get(runId)
    if (!run) throw new RunNotFoundError(runId)
    this.cancelRun(run, reason)
    return toRunRecord(run)
  }

  private cancelRun(run: RunState, reason: string | undefined): void {
    if (isTerminal(run.status)) return
    const runId = run.id
    this.dispatcher.cancel(run, new RunCancelledError(runId))
    this.append(run, reason === undefined ? { type: 'run.cancelled', runId, at: this.clock.now() } : { type: 'run.cancelled', runId, at: this.clock.now(), reason })
    for (const childId of run.children ?? []) {
      const child = this.runs.get(childId)
      if (child) this.cancelRun(child, `parent run "${runId}" was cancelled`)
    }
  }

  /**
   * Ends a run's wait now: a sleep (every sleep it is in), a trigger delay or a retry backoff,
   * as if its time had come. Throws RUN_NOT_WAKEABLE when the run waits on none of these.
   * Returns nothing: a record copies every step, and a driver waking a long run after each
   * step would pay for its whole history each time. `getRun` gives the record.
   */
  wake(runId: string): void {
    const run = this.runs.get(runId)
    if (!run) throw new RunNotFoundError(runId)
    const keys = isTerminal(run.status) ? [] : this.timers.keys(runId).filter((k) => k === 'delay' || k === 'retry' || k.startsWith('sleep:'))
    if (keys.length === 0) {
      const state = isTerminal(run.status) ? `it has ended (${run.status})` : `it is ${run.status} and waits on no sleep, delay or retry`
      throw new ValidationError('RUN_NOT_WAKEABLE', `Failed to wake run "${runId}": ${state}. Wake only a run that sleeps, is delayed or waits to retry.`)
    }
    for (const key of keys) this.timers.fireNow(runId, key)
  }

  subscribe(listener: RunListener): () => void {
    return this.runs.subscribe(listener)
  }

  // ── crons ───────────────────────────────────────────────────────────────

  createCron(input: CronInput): CronInfo {
    this.assertOpen()
    // A payload that JSON cannot carry, or that the cron's task rejects, fails here rather than at every firing.
    if (typeof input?.name === 'string') {
      const taskId = input.taskId ?? input.name
      const task = this.findTask(taskId)
      if (task || input.payload !== undefined) checkPayload(task ?? { id: taskId }, input.payload)
    }
    const info = this.crons.upsert(input, 'created')
    this.store?.putCron(input)
    return info
  }

  // ── store ───────────────────────────────────────────────────────────────

  /**
   * Rebuilds the runs, idempotency keys and created crons of the engine's store after a
   * restart, and re-arms what they wait for (src/engine/recover.ts): overdue timers fire in
   * order, an attempt in flight at the crash is recorded as interrupted and dispatched again.
   * Call it once, after every task is registered. Pass what `store.load()` gave, if read already.
   */
  async recover(stored?: StoredState): Promise<RecoveryReport> {
    this.assertOpen()
    const from = stored ?? (await this.store?.load())
    this.assertOpen()
    if (!from) return { runs: 0, active: 0, interrupted: [], crons: 0, orphaned: [], unreadable: [] }
    return recoverRuns(this.host, from, {
      adopt: (run) => {
        if (!this.runs.adopt(run)) return false
        if (!isTerminal(run.status)) this.activeCount++
        else this.retention?.ended(run.id, run.completedAt ?? run.createdAt)
        return true
      },
      rememberKey: (k) => this.idempotency.remember(k.taskId, k.key, k.runId, k.expiresAt, this.clock.now()),
    })
  }

  /**
   * Removes ended runs past the policy from the store and from memory; returns their ids. An
   * engine with a store is usually made with `retention: false` and compacted this way (the dev
   * server does), so memory and store forget the same runs.
   */
  /**
   * Re-arms recovered runs that waited for their task to appear (an app that was down at start):
   * their timers, or their place in line. Returns the ids it re-armed.
   */
  rearm(runIds: readonly string[]): string[] {
    return rearmRuns(this.host, runIds)
  }

  async compact(policy: CompactPolicy): Promise<string[]> {
    const gone = (await this.store?.compact(policy)) ?? []
    for (const id of gone) this.forget(id)
    return gone
  }

  // ── state for drivers and tests ─────────────────────────────────────────

  /** Runs not yet ended (pending, running, sleeping, waiting). */
  get activeRuns(): number {
    return this.activeCount
  }

  /** Invocations executing right now. */
  get executingCount(): number {
    return this.dispatcher.executingCount
  }

  /** Resolves when every invocation in flight now has finished. */
  settled(): Promise<void> {
    return this.dispatcher.settled()
  }

  /** Runs whose wait ended while an invocation was in flight: resumed when it suspends. */
  private get resumeAfter(): Set<string> {
    return this.dispatcher.resumeAfter
  }

  /** Every run held, as read-only views in creation order. */
  allRuns(): IterableIterator<ReadonlyRun> {
    return this.runs.values()
  }

  /** Stops every timer and in-flight attempt. The engine accepts nothing afterwards. */
  dispose(): void {
    if (this.isDisposed) return
    this.isDisposed = true
    this.crons.dispose()
    this.timers.clearAll()
    this.dispatcher.dispose(() => new EngineDisposedError('The engine was disposed.'))
    this.runs.close()
  }

  // ── internals used by apply-outcome.ts ──────────────────────────────────

  /** Appends an event to the run's log, folds it into the state, and tells listeners. */
  private append(run: RunState, event: RunEvent): void {
    this.runs.append(run, event)
    if (isTerminal(run.status) && (event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled')) this.ended(run)
  }

  /** Calls `fn` at `at` (once per run and key) unless the run has ended by then. */
  private setRunTimer(run: RunState, key: string, at: number, fn: () => void): void {
    this.timers.set(run.id, key, at, () => {
      if (!isTerminal(run.status)) fn()
    })
  }

  hasRunTimer(runId: string, key: string): boolean {
    return this.timers.has(runId, key)
  }

  /** Queues a run to start (or resume) as soon as its task has a free slot. */
  private enqueue(run: RunState): void {
    this.dispatcher.enqueue(run)
  }

  /** A run ended: stop its timers, wake whoever waits for it, tell a waiting parent. */
  private ended(run: RunState): void {
    this.activeCount--
    this.timers.clearRun(run.id)
    this.dispatcher.forget(run.id)
    this.runs.ended(run)
    if (run.parentId !== undefined) {
      const parent = this.runs.get(run.parentId)
      if (parent && !isTerminal(parent.status)) notifyParent(this.host, parent, run)
    }
    if (this.retention) {
      const now = this.clock.now()
      this.retention.ended(run.id, now)
      this.retention.sweep(now)
    }
    // An ended run keeps its log only if its state cannot rebuild it (ended-log.ts).
    if (run instanceof FoldedRun) run.compact()
  }

  /** The parent of an ended run, while that parent has not ended. */
  private liveParent(runId: string): string | undefined {
    const parentId = this.runs.get(runId)?.parentId
    const parent = parentId === undefined ? undefined : this.runs.get(parentId)
    return parent && !isTerminal(parent.status) ? parent.id : undefined
  }

  /** Drops an ended run from memory under the retention policy. */
  private forget(runId: string): void {
    const run = this.runs.get(runId)
    if (!run || !isTerminal(run.status)) return
    this.runs.forget(run)
    if (run.idempotencyKey !== undefined) this.idempotency.forget(run.taskId, run.idempotencyKey, runId)
    this.dispatcher.forget(runId)
  }

  private assertOpen(): void {
    if (this.isDisposed) throw new EngineDisposedError('Failed to use the engine: it was disposed. Create a new engine.')
  }
}
