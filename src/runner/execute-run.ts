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
export async function executeRun(task: AnyTask, request: ExecutionRequest, options: RunnerOptions = {}): Promise<ExecutionOutcome> {
  const now = options.now ?? Date.now
  const inv = new Invocation(task, request, options)
  const out = inv.outcome
  try {
    // The handler either returns, throws, or suspends (a sleep or a child wait it cannot pass).
    // A timeout or cancel is the engine's business: it records the failure and discards this
    // outcome, so the runner need not race the signal.
    const first = await new Promise<{ value: unknown } | 'suspended'>((resolve, reject) => {
      inv.onSuspend = () => resolve('suspended')
      const payload = task.schema ? validateAgainstSchema(task.id, task.schema, request.payload) : request.payload
      Promise.resolve(withRunScope(inv, () => task.run(payload, inv.context()))).then((value) => resolve({ value }), reject)
    })
    if (first === 'suspended') {
      await drainParallelSteps(inv)
      out.status = 'suspended'
      out.spawns.push(...inv.pendingTaskCalls)
      return out
    }
    out.result = jsonRoundTrip(first.value, `the result of task "${task.id}"`)
    out.status = 'completed'
    out.spawns.push(...inv.pendingTaskCalls)
    return out
  } catch (error) {
    return fail(inv, error, now())
  } finally {
    inv.done = true
  }
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
