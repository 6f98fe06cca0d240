import { ValidationError } from '../errors/input-errors.js'
import { describeIssues } from '../errors/describe-issues.js'
import { jsonRoundTrip } from '../model/json.js'
import type { PayloadSchema } from './types.js'

/**
 * Checks a payload where it enters: JSON must carry it, and the task's schema (if any) must accept it.
 * Returns the payload as the run will see it (after the JSON round trip).
 */
export function checkPayload(task: { id: string; schema?: PayloadSchema }, payload: unknown): unknown {
  const data = jsonRoundTrip(payload, `the payload of task "${task.id}"`)
  if (task.schema) validateAgainstSchema(task.id, task.schema, data)
  return data
}

/** Runs the schema; a mismatch is a ValidationError listing each issue. */
export function validateAgainstSchema(taskId: string, schema: PayloadSchema, payload: unknown): unknown {
  const parsed = schema.safeParse(payload)
  if (parsed.success) return parsed.data
  throw new ValidationError(
    'INVALID_PAYLOAD',
    `Failed to accept the payload of task "${taskId}": ${describeIssues(parsed.error)}. Send a payload that matches the task's schema.`,
    { cause: parsed.error },
  )
}
