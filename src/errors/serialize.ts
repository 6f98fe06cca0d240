import { BacklotError } from './backlot-error.js'
import { NonRetriableError, RetryAfterError, TimeoutError } from './control-flow.js'
import { SerializationError, ValidationError } from './input-errors.js'
import { TaskRunCancelledError, TaskRunFailedError } from './run-errors.js'
import type { SerializedError } from './serialized-error.js'

/** Turns anything thrown into JSON that keeps name, message, stack, code and cause. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error) && !isErrorLike(error)) {
    return { name: 'Error', message: typeof error === 'string' ? error : safeString(error) }
  }
  const e = error as Error & { code?: unknown }
  const out: SerializedError = { name: e.name || 'Error', message: String(e.message ?? '') }
  if (typeof e.code === 'string') out.code = e.code
  if (typeof e.stack === 'string') out.stack = e.stack
  if (e.cause !== undefined && depth < 5) out.cause = serializeError(e.cause, depth + 1)
  const data = knownData(error)
  if (data) out.data = data
  return out
}

/** Rebuilds an Error from its JSON form; backlot's own kinds come back as their classes. */
export function deserializeError(s: SerializedError): Error {
  const d = s.data ?? {}
  let error: Error
  switch (s.name) {
    case 'NonRetriableError':
      error = new NonRetriableError(s.message)
      break
    case 'RetryAfterError':
      error = new RetryAfterError(s.message, (d.retryAfter as string | number) ?? 0)
      break
    case 'TimeoutError':
      error = new TimeoutError(s.message, Number(d.timeoutMs ?? 0))
      break
    case 'TaskRunFailedError':
      error = new TaskRunFailedError(String(d.runId), String(d.taskId), d.error as SerializedError)
      break
    case 'TaskRunCancelledError':
      error = new TaskRunCancelledError(String(d.runId), String(d.taskId))
      break
    case 'SerializationError':
      error = new SerializationError(s.message)
      break
    case 'ValidationError':
      error = new ValidationError(s.code ?? 'INVALID', s.message)
      break
    default:
      error = s.code ? new BacklotError(s.code, s.message) : new Error(s.message)
      error.name = s.name
  }
  error.message = s.message
  if (s.stack !== undefined) error.stack = s.stack
  if (s.cause) (error as { cause?: unknown }).cause = deserializeError(s.cause)
  return error
}

function knownData(error: unknown): Record<string, unknown> | undefined {
  if (RetryAfterError.is(error)) {
    const r = error.retryAfter
    return { retryAfter: r instanceof Date ? r.toISOString() : r }
  }
  if (TimeoutError.is(error)) return { timeoutMs: error.timeoutMs }
  if (TaskRunFailedError.is(error)) return { runId: error.runId, taskId: error.taskId, error: error.error }
  if (TaskRunCancelledError.is(error)) return { runId: error.runId, taskId: error.taskId }
  return undefined
}

function isErrorLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string'
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v)
  } catch {
    return String(v)
  }
}
