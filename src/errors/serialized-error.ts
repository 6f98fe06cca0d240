/** An error as it crosses the wire and lands in the event log: plain JSON. */
export interface SerializedError {
  name: string
  message: string
  code?: string
  stack?: string
  cause?: SerializedError
  /** Extra fields of known error kinds (runId, taskId, timeoutMs, ...). */
  data?: Record<string, unknown>
}
