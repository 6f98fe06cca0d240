import { journalOf } from '../src/engine/journal.js'
import { foldEvents } from '../src/engine/run-state.js'
import { isTerminal } from '../src/model/run-record.js'
import type { RunEvent } from '../src/model/events.js'
import { deserializeError } from '../src/errors/serialize.js'
import type { SerializedError } from '../src/errors/serialized-error.js'
import { executeRun } from '../src/runner/execute-run.js'
import type { ExecutionOutcome, ExecutionRequest } from '../src/runner/types.js'
import type { AnyTask } from '../src/sdk/task-types.js'
import { NonDeterminismError, TestKitError } from './errors.js'
import { orderFromEvents, parseHistory, type RunHistory } from './history.js'
import { diffSteps, type ReplayDifference } from './step-diff.js'

export type { ReplayDifference }

/**
 * What replaying a history found.
 *
 * @example
 * const result: ReplayResult = await replay(checkout, history)
 * if (!result.ok) console.log(result.diff)
 */
export interface ReplayResult {
  /** True when the handler reached the same steps, in the same order, as the history. */
  ok: boolean
  runId: string
  taskId: string
  /** Step keys the history recorded, in order. */
  expected: string[]
  /** Step keys the replay reached, in order. */
  actual: string[]
  differences: ReplayDifference[]
  /** A readable diff of the two orders (`-` history, `+` replay) and each difference; empty when ok. */
  diff: string
  /** The outcome of the replayed invocation. */
  outcome: ExecutionOutcome
  /** Throws a NonDeterminismError with the diff unless `ok`. */
  assertDeterministic(): void
}

/**
 * Re-executes a task's handler against a recorded history, without running any side effect
 * (journaled steps return their recorded results; a step the history does not know returns
 * `undefined` instead of running; a sleep or child still pending counts as ended), and reports non-determinism: a step renamed, reordered,
 * added before a completed one, or removed.
 *
 * @example
 * const history = engine.history(run)        // or parseHistory(readFileSync(...))
 * const result = await replay(checkoutV2, history)
 * expect(result).toBeDeterministic()        // or result.assertDeterministic()
 */
export async function replay(task: AnyTask, input: RunHistory | string | readonly RunEvent[]): Promise<ReplayResult> {
  const history = parseHistory(input)
  if (history.taskId !== task.id) {
    throw new TestKitError('INVALID_HISTORY', `Failed to replay run "${history.runId}": its history is of task "${history.taskId}", not "${task.id}". Pass the task the history was recorded from.`)
  }
  const state = foldEvents(history.events)
  const lastAt = history.events[history.events.length - 1]!.at
  const attempt = Math.max(1, state.attempt)
  const failedSteps = new Map<string, SerializedError>()
  for (const e of history.events) if (e.type === 'step.failed' && e.attempt === attempt) failedSteps.set(e.key, e.error)
  const request: ExecutionRequest = {
    runId: state.id,
    taskId: state.taskId,
    attempt,
    payload: state.payload,
    // A sleep or child still pending in the history counts as ended, so the replay goes on to show
    // where the handler goes next (a step moved after it is then caught as reordered).
    journal: journalOf(state).map((s) => (s.status === 'waiting' ? { ...s, status: 'completed' as const } : s)),
    dispatched: state.dispatched ?? [],
    createdAt: state.createdAt,
    ...(state.parentId === undefined ? {} : { parentId: state.parentId }),
    ...(state.scheduledAt === undefined ? {} : { scheduledAt: state.scheduledAt }),
  }
  const outcome = await executeRun(task, request, {
    now: () => lastAt,
    // Only steps missing from the journal get here: replay a recorded failure, never run new work.
    interceptStep: async (call) => {
      const failed = failedSteps.get(call.key)
      if (failed) throw deserializeError(failed)
      return undefined
    },
  })
  const exact = history.order !== undefined
  const strip = (keys: readonly string[]) => (exact ? [...keys] : keys.filter((k) => !k.startsWith('ctx.task:')))
  const expected = strip(history.order ?? orderFromEvents(history.events))
  const actual = strip(outcome.order)
  const { differences, lines } = diffSteps(expected, actual, isTerminal(state.status))
  const ok = differences.length === 0
  const diff = ok ? '' : describe(lines, differences, outcome)
  return {
    ok,
    runId: state.id,
    taskId: state.taskId,
    expected,
    actual,
    differences,
    diff,
    outcome,
    assertDeterministic() {
      if (!ok) throw new NonDeterminismError(state.id, state.taskId, diff)
    },
  }
}

function describe(lines: string[], differences: ReplayDifference[], outcome: ExecutionOutcome): string {
  const out = ['  step keys (- history, + replay):', ...lines.map((l) => `  ${l}`), ...differences.map((d) => `  ${d.kind}: ${d.message}`)]
  if (outcome.status === 'failed' && outcome.error) out.push(`  the replayed handler threw: ${outcome.error.name}: ${outcome.error.message}`)
  return out.join('\n')
}
