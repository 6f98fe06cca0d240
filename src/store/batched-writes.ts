import type { CronInput } from '../model/cron-types.js'
import type { RunEvent } from '../model/events.js'
import type { StoredKey } from './run-store.js'

/** One change a store records, in the order the engine made it. */
export type StoreOp =
  | { kind: 'event'; event: RunEvent }
  | { kind: 'key'; key: StoredKey }
  | { kind: 'cron'; cron: CronInput }
  | { kind: 'delete-cron'; name: string }
  | { kind: 'mark'; name: string; at: number }

/**
 * The write half of a `RunStore` that batches: each write becomes a `StoreOp` handed to `push`,
 * which queues it for the next commit (SQLite, PostgreSQL). Keys and crons are copied, as the
 * caller may change its objects afterwards; `what` names the write for a "store closed" error.
 */
export abstract class BatchedWrites {
  append(event: RunEvent): void {
    this.push({ kind: 'event', event }, `record an event of run "${event.runId}"`)
  }

  rememberKey(key: StoredKey): void {
    this.push({ kind: 'key', key: { ...key } }, 'record an idempotency key')
  }

  putCron(cron: CronInput): void {
    this.push({ kind: 'cron', cron: { ...cron } }, `record cron "${cron.name}"`)
  }

  deleteCron(name: string): void {
    this.push({ kind: 'delete-cron', name }, `delete cron "${name}"`)
  }

  markCron(name: string, at: number): void {
    this.push({ kind: 'mark', name, at }, `record cron "${name}"`)
  }

  protected abstract push(op: StoreOp, what: string): void
}
