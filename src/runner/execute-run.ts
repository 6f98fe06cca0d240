import { validateAgainstSchema } from '../sdk/payload.js'
import { jsonRoundTrip } from '../model/json.js'
import { withRunScope } from '../sdk/run-scope.js'
import type { AnyTask } from '../sdk/task-types.js'
import { eachTurn } from '../model/turns.js'
import { toAttemptError } from './attempt-error.js'
import { Invocation, type RunnerOptions } from './invocation.js'
import type { InvocationControl } from './invocation-control.js'
import type { ExecutionOutcome, ExecutionRequest } from './types.js'

/**
 * Runs one invocation of `task` against its journal: replays journaled steps, runs new ones,
 * and reports how it ended. The in-memory engine and `serve()` both call this, and only this.
 *
 * @example
 * const outcome = await executeRun(sendEmail, { runId: 'run_1', taskId: 'send-email', attempt: 1,
 *   payload: { to: 'a@b.c' }, journal: [], dispatched: [], createdAt: Date.now() })
 */
export function executeRun(task: AnyTask, request: ExecutionRequest, options: RunnerOptions = {}, control?: InvocationControl): Promise<ExecutionOutcome> {
  const now = options.now ?? Date.now
  const inv = new Invocation(task, request, options, control)
  // The handler either returns, throws, or suspends (a sleep or a child wait it cannot pass).
  // A timeout or cancel is the engine's business: it records the failure and discards this
  // outcome, so the runner need not race the signal. Written with plain callbacks, not async
  // functions: every promise costs extra once async context tracking is on, and a trivial run
  // should make as few as it can.
  return new Promise<ExecutionOutcome>((resolve) => {
    const end = (outcome: ExecutionOutcome): void => {
      if (inv.done) return
      inv.done = true
      resolve(outcome)
    }
    // A run ends when its handler returns or throws. Reaching a wait it cannot pass does not
    // end the invocation at once: parallel branches may still reach their own steps and waits,
    // steps already executing may finish, or the handler may return without awaiting the wait.
    // Only once nothing can move does it end, suspended.
    inv.onSuspend = () =>
      untilIdle(
        inv,
        // The handler may have returned meanwhile: its outcome is sent, and must not change.
        () => inv.done || end(suspended(inv)),
        (error) => inv.done || end(fail(inv, error, now())),
      )
    let returned: unknown
    try {
      const payload = task.schema ? validateAgainstSchema(task.id, task.schema, request.payload) : request.payload
      returned = withRunScope(inv, () => task.run(payload, inv.context()))
    } catch (error) {
      return end(fail(inv, error, now()))
    }
    const settle = (value: unknown): void => {
      if (inv.done) return
      try {
        end(completed(inv, value))
      } catch (error) {
        end(fail(inv, error, now()))
      }
    }
    const reject = (error: unknown): void => {
      if (!inv.done) end(fail(inv, error, now()))
    }
    if (returned instanceof Promise) returned.then(settle, reject)
    else Promise.resolve(returned).then(settle, reject)
  })
}

function completed(inv: Invocation, value: unknown): ExecutionOutcome {
  const out = inv.outcome
  out.result = jsonRoundTrip(value, `the result of task "${inv.task.id}"`)
  out.status = 'completed'
  const calls = inv.pendingTaskCalls
  if (calls.length > 0) out.spawns.push(...calls)
  leaveBehind(inv, out)
  return out
}

function suspended(inv: Invocation): ExecutionOutcome {
  const out = inv.outcome
  out.status = 'suspended'
  const calls = inv.pendingTaskCalls
  if (calls.length > 0) out.spawns.push(...calls)
  return out
}

function fail(inv: Invocation, error: unknown, now: number): ExecutionOutcome {
  const out = inv.outcome
  out.status = 'failed'
  out.error = toAttemptError(error, now)
  leaveBehind(inv, out)
  out.waits = []
  return out
}

/**
 * Records the steps still executing and the waits not yet over as abandoned. A child that a
 * `triggerAndWait` of this invocation asked for is not made: nobody would wait for it (after a
 * failed attempt, the retry starts its own).
 */
function leaveBehind(inv: Invocation, out: ExecutionOutcome): void {
  const pending = inv.pendingWork()
  if (pending.length > 0) out.abandoned = pending
  if (out.spawns.some((s) => s.via === 'triggerAndWait')) out.spawns = out.spawns.filter((s) => s.via !== 'triggerAndWait')
}

/**
 * Microtask turns without progress after which a suspended handler counts as stuck on its
 * waits. Returning from nested async functions takes a few turns per level, so this leaves
 * room for deep call chains; an idle check across a real macrotask would be exact, but would
 * let a virtual clock move on while the invocation still runs.
 */
const QUIET_TURNS = 32

/**
 * After the first suspension, lets branches running in parallel (Promise.all) reach their own
 * steps and waits, lets steps already executing finish (their results are journaled now), and
 * lets journaled entries settle in order, until nothing moves for QUIET_TURNS turns (then
 * `idle`, a turn later) or the handler has returned. The turns are counted on the process's
 * shared chain (eachTurn), with plain calls: no promise a turn, one microtask a turn for every
 * suspended invocation together.
 */
function untilIdle(inv: Invocation, idle: () => void, failed: (error: unknown) => void): void {
  let last = progress(inv)
  let quiet = 0
  let ending = false
  // One turn: what `await null` then the progress check did.
  const watch = (): boolean => {
    if (ending) {
      idle()
      return false
    }
    if (inv.done) return false
    const now = progress(inv)
    if (now === last) quiet++
    else {
      last = now
      quiet = 0
    }
    // Ends a turn after the last quiet one, as the async loop's return reached its caller.
    if (quiet >= QUIET_TURNS) return (ending = true)
    const busy = inv.busy()
    if (!busy) return true
    busy.then(resume, failed)
    return false
  }
  // Waits for steps executing and entries being released, then counts quiet turns from zero.
  const resume = (): void => {
    quiet = 0
    const busy = inv.busy()
    if (busy) busy.then(resume, failed)
    else eachTurn(watch)
  }
  resume()
}

/** Grows whenever the handler reaches a step or wait, or a step ends. */
function progress(inv: Invocation): number {
  const o = inv.outcome
  return o.order.length + o.steps.length + o.waits.length
}
