import { ValidationError } from '../errors/input-errors.js'
import type { StepOptions } from '../sdk/types.js'

/** Most retries one `step.run` may ask for: each runs at once, within the invocation. */
const MAX_STEP_RETRIES = 10

/** The `retries` of a step.run, checked. */
export function stepRetries(name: string, options: StepOptions | undefined): number {
  const retries = options?.retries ?? 0
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_STEP_RETRIES) {
    throw new ValidationError('INVALID_OPTION', `Failed to run step.run("${name}"): retries is ${JSON.stringify(retries)}. Pass a whole number from 0 to ${MAX_STEP_RETRIES}, or leave retries to the task's retry policy.`)
  }
  return retries
}

/** Throws unless the step name is a non-empty string. */
export function checkStepName(name: unknown, tool: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError('INVALID_STEP', `Failed to run ${tool}: the step name is ${JSON.stringify(name)}. Give every step a non-empty name, e.g. ${tool}('send-email', ...).`)
  }
}

/** The epoch ms of a step.sleepUntil date, checked. */
export function toEpoch(name: string, until: Date | string | number): number {
  const t = until instanceof Date ? until.getTime() : typeof until === 'string' ? Date.parse(until) : until
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new ValidationError('INVALID_DURATION', `Failed to run step.sleepUntil("${name}"): ${JSON.stringify(until)} is not a valid date. Pass a Date, an ISO string or epoch milliseconds.`)
  }
  return t
}
