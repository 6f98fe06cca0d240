import type { Logger, RunInfo, StepTools, TaskContext } from '../sdk/types.js'
import type { InvocationControl } from './invocation-control.js'
import type { ExecutionRequest } from './types.js'

/** What a context needs of its invocation. */
export interface ContextHost {
  readonly request: ExecutionRequest
  readonly control: InvocationControl
  stepTools(): StepTools
  logger(): Logger
  /** `ctx.task(taskId, payload)`: requests a child run. */
  requestChild(taskId: string, payload: unknown): Promise<void>
}

/**
 * The `ctx` a handler gets. Its parts are getters on the prototype, built on first use: most
 * handlers touch one or two of them, and a trivial run should not pay for the rest.
 */
export class RunContext implements TaskContext {
  private cachedStep: StepTools | undefined
  private cachedLog: Logger | undefined
  private cachedRun: RunInfo | undefined
  private cachedTask: TaskContext['task'] | undefined

  constructor(private readonly inv: ContextHost) {}

  get step(): StepTools {
    return (this.cachedStep ??= this.inv.stepTools())
  }

  get log(): Logger {
    return (this.cachedLog ??= this.inv.logger())
  }

  /** A bound function, so `const { task } = ctx` works too. */
  get task(): TaskContext['task'] {
    return (this.cachedTask ??= (taskId, payload) => this.inv.requestChild(taskId, payload))
  }

  get run(): RunInfo {
    const r = this.inv.request
    return (this.cachedRun ??= {
      id: r.runId,
      taskId: r.taskId,
      attempt: r.attempt,
      parentId: r.parentId,
      createdAt: new Date(r.createdAt),
      scheduledAt: r.scheduledAt === undefined ? undefined : new Date(r.scheduledAt),
    })
  }

  get runId(): string {
    return this.inv.request.runId
  }

  get attempt(): number {
    return this.inv.request.attempt
  }

  get signal(): AbortSignal {
    return this.inv.control.signal
  }
}
