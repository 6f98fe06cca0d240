import type { RunEvent } from '../model/events.js'
import type { CompactPolicy } from './run-store.js'

/** True for the events that end a run. */
export function isEndEvent(event: RunEvent): boolean {
  return event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled'
}

/**
 * Ended runs in the order they ended, with their end time: what retention walks, oldest first.
 * A store that keeps its own index (SQL) does not need this.
 */
export class EndedIndex {
  private readonly ended = new Map<string, number>()

  note(event: RunEvent): void {
    if (isEndEvent(event)) this.ended.set(event.runId, event.at)
  }

  forget(runId: string): void {
    this.ended.delete(runId)
  }

  /** Ids of ended runs past the policy, oldest first (removed from the index). */
  expire(policy: CompactPolicy): string[] {
    const out: string[] = []
    let over = this.ended.size - Math.max(0, policy.maxEnded)
    for (const [runId, at] of this.ended) {
      if (over <= 0 && at >= policy.endedBefore) break
      out.push(runId)
      over--
    }
    for (const id of out) this.ended.delete(id)
    return out
  }
}
