import type { Clock } from '../clock/clock.js'
import type { RunEvent } from '../model/events.js'
import type { CronManager } from './cron-manager.js'
import type { TaskPolicy } from './executor.js'
import type { Random } from '../model/random.js'
import type { RunState } from './run-state.js'
import type { TriggerOptions } from '../sdk/types.js'

/**
 * What the code that moves runs (applying outcomes, waking parents, recovering from a store)
 * needs of the engine: a narrow host, as the dispatcher has `DispatchHost`, so the engine keeps
 * `append`, `enqueue` and its timers private and these modules do not depend on the class.
 */
export interface RunHost {
  readonly clock: Clock
  readonly skipRetryDelays: boolean
  readonly crons: CronManager
  /** Appends an event to a run's log: folds it, stores it, notifies subscribers. */
  append(run: RunState, event: RunEvent): void
  /** Puts a run in its task's line for an attempt. */
  enqueue(run: RunState): void
  /** Arms (or re-arms) a run's timer by key: a delay, a retry, a sleep. */
  setRunTimer(run: RunState, key: string, at: number, fn: () => void): void
  /** Runs to resume once their current attempt settles (a child ended while it executed). */
  readonly resumeAfter: Set<string>
  get(runId: string): RunState | undefined
  findTask(id: string): TaskPolicy | undefined
  taskIds(): string[]
  idempotentRun(taskId: string, key: string): RunState | undefined
  retryRandom(runId: string, attempt: number): Random
  trigger(taskOrId: TaskPolicy | string, payload: unknown, options?: TriggerOptions, origin?: RunOrigin): RunState
  whenEnded(runId: string, fn: (run: RunState) => void): void
}

/** Extra facts about a run created by the engine itself (children, cron firings). */
export interface RunOrigin {
  runId?: string
  parentId?: string
  spawnKey?: string
  scheduledAt?: number
  cron?: string
  delayUntil?: number
  /** Store the payload as given, unchecked: only for a firing recorded as failed at once. */
  unchecked?: true
}

type EngineFace = Pick<RunHost, 'clock' | 'skipRetryDelays' | 'crons' | 'findTask' | 'taskIds' | 'retryRandom'>
type LiveRuns = Pick<RunHost, 'append' | 'enqueue' | 'setRunTimer' | 'get' | 'idempotentRun' | 'trigger' | 'whenEnded'> & { resumeAfter(): Set<string> }

/** The engine's public readers and the private access to live runs it hands over, as one RunHost. */
export function createRunHost(engine: EngineFace, live: LiveRuns): RunHost {
  return new EngineRunHost(engine, live)
}

// A class, not an object literal with getters: every engine makes one, and a literal's accessors
// are allocated per object (a test engine is created per test).
class EngineRunHost implements RunHost {
  constructor(
    private readonly engine: EngineFace,
    private readonly live: LiveRuns,
  ) {}

  get clock(): Clock {
    return this.engine.clock
  }
  get skipRetryDelays(): boolean {
    return this.engine.skipRetryDelays
  }
  get crons(): CronManager {
    return this.engine.crons
  }
  get resumeAfter(): Set<string> {
    return this.live.resumeAfter()
  }
  append(run: RunState, event: RunEvent): void {
    this.live.append(run, event)
  }
  enqueue(run: RunState): void {
    this.live.enqueue(run)
  }
  setRunTimer(run: RunState, key: string, at: number, fn: () => void): void {
    this.live.setRunTimer(run, key, at, fn)
  }
  get(runId: string): RunState | undefined {
    return this.live.get(runId)
  }
  findTask(id: string): TaskPolicy | undefined {
    return this.engine.findTask(id)
  }
  taskIds(): string[] {
    return this.engine.taskIds()
  }
  idempotentRun(taskId: string, key: string): RunState | undefined {
    return this.live.idempotentRun(taskId, key)
  }
  retryRandom(runId: string, attempt: number): Random {
    return this.engine.retryRandom(runId, attempt)
  }
  trigger(taskOrId: TaskPolicy | string, payload: unknown, options?: TriggerOptions, origin?: RunOrigin): RunState {
    return this.live.trigger(taskOrId, payload, options, origin)
  }
  whenEnded(runId: string, fn: (run: RunState) => void): void {
    this.live.whenEnded(runId, fn)
  }
}
