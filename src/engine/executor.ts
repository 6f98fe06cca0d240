import { executeRun } from '../runner/execute-run.js'
import type { RunnerOptions } from '../runner/invocation.js'
import type { ExecutionOutcome, ExecutionRequest } from '../runner/types.js'
import type { InvocationControl } from '../runner/invocation-control.js'
import type { AnyTask } from '../sdk/task-types.js'

/** What the engine knows of a task: its id and policy. `run` is absent for a task behind a URL. */
export type TaskPolicy = Pick<AnyTask, 'id' | 'retry' | 'timeoutMs' | 'concurrency' | 'cron' | 'schema'> & {
  run?: AnyTask['run']
}

/** Runs one invocation somewhere: in this process, or by a signed POST to an app. */
export interface Executor {
  /** `control.signal` is aborted on timeout or cancel; it is created on first read, so read it only if needed. */
  execute(task: TaskPolicy, request: ExecutionRequest, control: InvocationControl): Promise<ExecutionOutcome>
}

/** Runs invocations in this process through the one runner. */
export function inlineExecutor(options: Omit<RunnerOptions, 'signal' | 'control'> = {}): Executor {
  return {
    execute(task, request, control) {
      if (!task.run) return Promise.reject(new Error(`Failed to execute task "${task.id}" inline: it has no handler in this process.`))
      // `control` goes alone, not spread into a copy of the options: this runs once an invocation.
      return executeRun(task as AnyTask, request, options, control)
    },
  }
}
