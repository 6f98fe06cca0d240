import { validateAgainstSchema } from '../sdk/payload.js'
import { jsonRoundTrip } from '../sdk/json.js'
import { withRunScope } from '../sdk/run-scope.js'
import type { AnyTask } from '../sdk/task.js'
import { toAttemptError } from './attempt-error.js'
import { Invocation, type RunnerOptions } from './invocation.js'
import type { ExecutionOutcome, ExecutionRequest } from './types.js'

/**
 * Runs one invocation of `task` against its journal: replays journaled steps, runs new ones,
 * and reports how it ended. The in-memory engine and `serve()` both call this, and only this.
 *
 * @example
 * const outcome = await executeRun(sendEmail, { runId: 'run_1', taskId: 'send-email', attempt: 1,
 *   payload: { to: 'a@b.c' }, journal: [], dispatched: [], createdAt: Date.now() })
 */
export function executeRun(task: AnyTask, request: ExecutionRequest, options: RunnerOptions = {}): Promise<ExecutionOutcome> {
  const now = options.now ?? Date.now
  const inv = new Invocation(task, request, options)
  // The handler either returns, throws, or suspends (a sleep or a child wait it cannot pass).
  // A timeout or cancel is the engine's business: it records the failure and discards this
  // outcome, so the runner need not race the signal. Written with plain callbacks, not async
  // functions: every promise costs extra once async context tracking is on, and a trivial run
  // should make as few as it can.
  return new Promise<ExecutionOutcome>((resolve) => {
    const end = (outcome: ExecutionOutcome): void => {
      inv.done = true
      resolve(outcome)
    }
    inv.onSuspend = () => {
      drainParallelSteps(inv).then(
        () => end(suspended(inv)),
        (error) => end(fail(inv, error, now())),
      )
    }
    let returned: unknown
    try {
      const payload = task.schema ? validateAgainstSchema(task.id, task.schema, request.payload) : request.payload
      returned = withRunScope(inv, () => task.run(payload, inv.context()))
    } catch (error) {
      return end(fail(inv, error, now()))
    }
    const settle = (value: unknown): void => {
      if (inv.isSuspended) return
      try {
        end(completed(inv, value))
      } catch (error) {
        end(fail(inv, error, now()))
      }
    }
    const reject = (error: unknown): void => {
      if (!inv.isSuspended) end(fail(inv, error, now()))
    }
    if (returned instanceof Promise) returned.then(settle, reject)
    else Promise.resolve(returned).then(settle, reject)
  })
}

function completed(inv: Invocation, value: unknown): ExecutionOutcome {
  const out = inv.outcome
  out.result = jsonRoundTrip(value, `the result of task "${inv.task.id}"`)
  out.status = 'completed'
  if (inv.pendingTaskCalls.length > 0) out.spawns.push(...inv.pendingTaskCalls)
  return out
}

function suspended(inv: Invocation): ExecutionOutcome {
  const out = inv.outcome
  out.status = 'suspended'
  if (inv.pendingTaskCalls.length > 0) out.spawns.push(...inv.pendingTaskCalls)
  return out
}

function fail(inv: Invocation, error: unknown, now: number): ExecutionOutcome {
  const out = inv.outcome
  out.status = 'failed'
  out.error = toAttemptError(error, now)
  out.waits = []
  return out
}

/**
 * After the first suspension, lets branches running in parallel (Promise.all) reach their own
 * steps and waits, and lets steps already executing finish, so their results are journaled now.
 */
async function drainParallelSteps(inv: Invocation): Promise<void> {
  for (;;) {
    for (let i = 0; i < 8; i++) await null
    if (!inv.inflight || inv.inflight.size === 0) return
    await Promise.allSettled([...inv.inflight])
  }
}
