import type { JournalStep } from '../runner/types.js'

const KINDS = new Set(['run', 'sleep', 'trigger', 'wait'])
const STATUSES = new Set(['completed', 'failed', 'waiting'])
const FIELDS = new Set(['key', 'kind', 'status', 'result', 'error', 'until', 'childId', 'seq'])
const MAX_EPOCH_MS = 8.64e15

/**
 * `JournalStepSchema` by hand, for the entries every journal is made of: the same checks and the
 * same output (unknown fields dropped), without zod's per-field work. zod/mini has no compiled
 * fast path, and a journal grows by a step per round trip, so checking it with zod cost more
 * than a millisecond per POST at 300 steps (bench/RESULTS.md). Answers undefined for anything
 * it does not vouch for (an entry with an error, a bad field): zod then decides, and explains.
 */
export function fastJournalEntry(entry: unknown): JournalStep | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const e = entry as Record<string, unknown>
  if (typeof e.key !== 'string' || e.key.length === 0) return undefined
  if (typeof e.kind !== 'string' || !KINDS.has(e.kind)) return undefined
  if (typeof e.status !== 'string' || !STATUSES.has(e.status)) return undefined
  if ('error' in e) return undefined
  if ('until' in e && !(typeof e.until === 'number' && e.until >= -MAX_EPOCH_MS && e.until <= MAX_EPOCH_MS)) return undefined
  if ('childId' in e && typeof e.childId !== 'string') return undefined
  if ('seq' in e && !(Number.isSafeInteger(e.seq) && (e.seq as number) >= 0)) return undefined
  for (const field in e) if (!FIELDS.has(field)) return stripped(e)
  return e as unknown as JournalStep
}

/** The entry without the fields the schema does not know, as zod would give it. */
function stripped(e: Record<string, unknown>): JournalStep {
  const out: Record<string, unknown> = { key: e.key, kind: e.kind, status: e.status }
  for (const field of ['result', 'until', 'childId', 'seq']) if (Object.hasOwn(e, field)) out[field] = e[field]
  return out as unknown as JournalStep
}
