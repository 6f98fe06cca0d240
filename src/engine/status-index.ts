import type { RunStatus } from '../model/run-record.js'
import type { RunState } from './run-types.js'

/** Each status's list number; its bit in `RunState.listedIn` is `1 << slot`. */
const SLOT: Record<RunStatus, number> = { pending: 0, running: 1, completed: 2, failed: 3, cancelled: 4 }

/**
 * The runs of each status, in creation order, so `listRuns({ status, limit })` reads the runs it
 * returns and not every run held. Removal is lazy: a run that leaves a status keeps its entry
 * (skipped on reads, counted as stale) and the list is compacted once stale entries are half of
 * it. A run coming back to a status (a retry makes a running run pending again) finds its old
 * entry, still in its place, and uses it again: `RunState.listedIn` says which lists hold one.
 */
export class StatusIndex {
  // By slot (SLOT): arrays, not Maps, as every status change touches them.
  private readonly lists: RunState[][] = [[], [], [], [], []]
  private readonly stale = [0, 0, 0, 0, 0]
  private nextOrder = 0

  /** A run new to the engine, in its current status. */
  add(run: RunState): void {
    run.order = this.nextOrder++
    run.listedIn = 0
    this.enter(run, run.status)
  }

  /** The run's status changed from `from` to its current one. */
  moved(run: RunState, from: RunStatus): void {
    this.addStale(from, 1)
    this.enter(run, run.status)
  }

  /** The run left the engine. */
  forget(run: RunState): void {
    if (run.listedIn & (1 << SLOT[run.status])) this.addStale(run.status, 1)
    run.listedIn = 0
  }

  /** Runs of these statuses in creation order (a merge of their lists). */
  *runs(statuses: readonly RunStatus[]): Generator<RunState> {
    const cursors: { status: RunStatus; bit: number; list: RunState[]; at: number }[] = []
    for (const status of new Set(statuses)) {
      if (!Object.hasOwn(SLOT, status)) continue // not a status: no run has it
      const slot = SLOT[status]
      cursors.push({ status, bit: 1 << slot, list: this.lists[slot]!, at: 0 })
    }
    for (;;) {
      let best: (typeof cursors)[number] | undefined
      for (const c of cursors) {
        // Skip entries of runs that left this status or the engine.
        while (c.at < c.list.length && !isListed(c.list[c.at]!, c.status, c.bit)) c.at++
        if (c.at < c.list.length && (!best || c.list[c.at]!.order < best.list[best.at]!.order)) best = c
      }
      if (!best) return
      yield best.list[best.at++]!
    }
  }

  private enter(run: RunState, status: RunStatus): void {
    const slot = SLOT[status]
    const bit = 1 << slot
    if (run.listedIn & bit) {
      this.addStale(status, -1) // its old entry is in use again
      return
    }
    run.listedIn |= bit
    const list = this.lists[slot]!
    // Runs mostly enter a status in creation order: search from the end, insert near it.
    let lo = 0
    let hi = list.length
    if (hi === 0 || list[hi - 1]!.order < run.order) {
      list.push(run)
      return
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (list[mid]!.order < run.order) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, run)
  }

  private addStale(status: RunStatus, n: number): void {
    const slot = SLOT[status]
    const stale = (this.stale[slot]! += n)
    const list = this.lists[slot]!
    if (stale > 1024 && stale * 2 > list.length) this.compact(status, list)
  }

  private compact(status: RunStatus, list: RunState[]): void {
    const bit = 1 << SLOT[status]
    let kept = 0
    for (const run of list) {
      if (isListed(run, status, bit)) list[kept++] = run
      else run.listedIn &= ~bit
    }
    list.length = kept
    this.stale[SLOT[status]] = 0
  }
}

function isListed(run: RunState, status: RunStatus, bit: number): boolean {
  return run.status === status && (run.listedIn & bit) !== 0
}
