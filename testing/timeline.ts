import type { RunEvent } from '../src/model/events.js'
import type { SerializedError } from '../src/errors/serialized-error.js'

const MAX_LINES = 200

/**
 * A run's event log as text, one event per line, each with its time relative to the run's
 * creation: what matcher failures print, and handy in a `console.log` while writing a test.
 *
 * @example
 * console.log(formatTimeline(engine.events(run)))
 * //   +0ms   run.triggered      payload {"to":"a@b.c"}
 * //   +0ms   attempt.started    attempt 1
 * //   +0ms   step.failed        "send" (attempt 1): Error: smtp down
 */
export function formatTimeline(events: readonly RunEvent[]): string {
  if (events.length === 0) return '  (no events)'
  const start = events[0]!.at
  const shown = events.length > MAX_LINES ? events.slice(0, MAX_LINES) : events
  const lines = shown.map((e) => `  ${offset(e.at - start).padEnd(10)} ${e.type.padEnd(18)} ${describeEvent(e, start)}`.trimEnd())
  if (events.length > MAX_LINES) lines.push(`  … ${events.length - MAX_LINES} more event(s)`)
  return lines.join('\n')
}

/** One event's details, without its type and time. */
export function describeEvent(e: RunEvent, start: number): string {
  switch (e.type) {
    case 'run.triggered': {
      const extra = [e.parentId && `parent ${e.parentId}`, e.cron && `cron "${e.cron}"`, e.delayUntil !== undefined && `delayed until ${offset(e.delayUntil - start)}`, e.idempotencyKey && `key "${e.idempotencyKey}"`]
      return [`task "${e.taskId}", payload ${json(e.payload)}`, ...extra.filter(Boolean)].join(', ')
    }
    case 'run.waiting':
      return `for a ${e.for} slot`
    case 'attempt.started':
      return `attempt ${e.attempt}${e.resumed ? ' (resumed)' : ''}`
    case 'step.completed':
      return `"${e.key}" (${e.kind}, attempt ${e.attempt})${e.result === undefined ? '' : ` → ${json(e.result)}`}`
    case 'step.failed':
      return `"${e.key}" (${e.kind}, attempt ${e.attempt}${e.caught ? ', caught' : ''}): ${errorText(e.error)}`
    case 'step.abandoned':
      return `"${e.key}" (${e.kind})`
    case 'sleep.started':
      return `"${e.key}" until ${offset(e.until - start)} (${new Date(e.until).toISOString()})`
    case 'sleep.completed':
      return `"${e.key}"`
    case 'child.spawned':
      return `${e.childId} (task "${e.taskId}", via ${e.via})`
    case 'child.waiting':
      return `"${e.key}" on ${e.childId}`
    case 'child.ended':
      return `"${e.key}": ${e.childId} ${e.status}${e.error ? `: ${errorText(e.error)}` : e.result === undefined ? '' : ` → ${json(e.result)}`}`
    case 'log':
      return `[${e.level}] ${e.message}${e.data === undefined ? '' : ` ${json(e.data)}`}`
    case 'attempt.suspended':
      return `attempt ${e.attempt}`
    case 'attempt.failed':
      return `attempt ${e.attempt}: ${errorText(e.error)}${e.retryAt === null ? ' (no retry)' : `; retry at ${offset(e.retryAt - start)}`}`
    case 'run.completed':
      return e.result === undefined ? '' : `→ ${json(e.result)}`
    case 'run.failed':
      return errorText(e.error)
    case 'run.cancelled':
      return e.reason ?? ''
  }
}

/** `+0ms`, `+250ms`, `+1s`, `+1h30m`, `+30d`. */
export function offset(ms: number): string {
  if (ms < 1000) return `+${ms}ms`
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]]
  let rest = ms
  let out = '+'
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * size
    }
  }
  return out
}

export function errorText(error: SerializedError | undefined): string {
  return error ? `${error.name}: ${error.message}` : 'unknown error'
}

function json(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? 'undefined'
  } catch {
    text = String(value)
  }
  return text.length > 100 ? `${text.slice(0, 97)}…` : text
}
