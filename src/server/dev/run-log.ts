import type { RunEvent } from '../../model/events.js'
import type { ReadonlyRun } from '../../engine/run-types.js'

const CODES = { dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const
type Colour = keyof typeof CODES

/**
 * One short line per run transition (queued, started, retrying, sleeping, completed, failed,
 * cancelled), coloured by outcome when `color` is on. Steps and logs are left to the dashboard.
 *
 * @example
 * engine.subscribe(runLogger(console.log, true))
 */
export function runLogger(log: (line: string) => void, color: boolean): (event: RunEvent, run: ReadonlyRun) => void {
  const paint = (colour: Colour, text: string): string => (color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text)
  return (event, run) => {
    const line = describe(event, run)
    if (!line) return
    const time = new Date(event.at).toISOString().slice(11, 19)
    log(`${paint('dim', time)} ${paint(line[0], line[1].padEnd(9))} ${run.taskId} ${paint('dim', run.id)}${line[2] ? ` ${line[2]}` : ''}`)
  }
}

function describe(e: RunEvent, run: ReadonlyRun): [Colour, string, string?] | undefined {
  switch (e.type) {
    case 'run.triggered':
      return ['blue', 'queued', e.delayUntil ? `until ${new Date(e.delayUntil).toISOString()}` : e.cron ? `(cron ${e.cron})` : undefined]
    case 'attempt.started':
      return e.resumed ? ['cyan', 'resumed'] : ['cyan', 'started', `attempt ${e.attempt}`]
    case 'attempt.failed':
      return e.retryAt === null ? undefined : ['yellow', 'retrying', `${e.error.name}: ${e.error.message.slice(0, 120)} (next at ${new Date(e.retryAt).toISOString()})`]
    case 'sleep.started':
      return ['magenta', 'sleeping', `${e.name ?? e.key} until ${new Date(e.until).toISOString()}`]
    case 'run.completed':
      return ['green', 'completed', run.startedAt === undefined ? undefined : `in ${e.at - run.startedAt} ms`]
    case 'run.failed':
      return ['red', 'failed', `${e.error.name}: ${e.error.message.slice(0, 160)}`]
    case 'run.cancelled':
      return ['yellow', 'cancelled', e.reason]
    default:
      return undefined
  }
}
