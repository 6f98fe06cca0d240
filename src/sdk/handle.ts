import { TaskRunCancelledError, TaskRunFailedError } from '../errors/run-errors.js'
import type { RunRecord } from '../model/run-record.js'
import type { Transport } from '../transport/transport.js'
import type { RunHandle } from './types.js'

/** A handle on a run started through a transport. */
export function makeHandle<R>(transport: Transport, runId: string, taskId: string): RunHandle<R> {
  return {
    id: runId,
    taskId,
    waitForCompletion: () => awaitResult(transport, runId, taskId) as never,
  }
}

/** Waits for the run to end: its result, or TaskRunFailedError / TaskRunCancelledError. */
export async function awaitResult(transport: Transport, runId: string, taskId: string): Promise<unknown> {
  return resultOf(await transport.waitForRun(runId), taskId)
}

export function resultOf(record: RunRecord, taskId = record.taskId): unknown {
  if (record.status === 'completed') return record.result
  if (record.status === 'cancelled') throw new TaskRunCancelledError(record.id, taskId)
  throw new TaskRunFailedError(record.id, taskId, record.error ?? { name: 'Error', message: 'unknown error' })
}
