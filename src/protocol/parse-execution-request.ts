import { ExecutionRequestBodySchema, JournalStepSchema, type ExecutionRequestBody } from './execution.js'
import { fastJournalEntry } from './journal-fast-check.js'
import type { JournalStep } from '../runner/types.js'

type Parsed = ReturnType<typeof ExecutionRequestBodySchema.safeParse>

/**
 * `ExecutionRequestBodySchema.safeParse`, with the journal checked entry by entry by
 * `fastJournalEntry` (zod for the entries it does not vouch for) and the rest of the body by
 * zod. Same answer as the schema alone; any failure is reported by the schema alone, so the
 * message lists each bad field as before.
 *
 * @example
 * const parsed = parseExecutionRequest(JSON.parse(raw))
 * if (parsed.success) run(parsed.data.invocation)
 */
export function parseExecutionRequest(json: unknown): Parsed {
  const journal = journalOf(json)
  if (!journal) return ExecutionRequestBodySchema.safeParse(json)
  const body = json as { invocation: Record<string, unknown> }
  const rest = ExecutionRequestBodySchema.safeParse({ ...body, invocation: { ...body.invocation, journal: [] } })
  if (!rest.success) return ExecutionRequestBodySchema.safeParse(json)
  const entries: JournalStep[] = new Array(journal.length)
  for (let i = 0; i < journal.length; i++) {
    const entry = fastJournalEntry(journal[i]) ?? slowEntry(journal[i])
    if (!entry) return ExecutionRequestBodySchema.safeParse(json)
    entries[i] = entry
  }
  const data: ExecutionRequestBody = { ...rest.data, invocation: { ...rest.data.invocation, journal: entries } }
  return { ...rest, data }
}

function journalOf(json: unknown): unknown[] | undefined {
  const invocation = (json as { invocation?: { journal?: unknown } } | null)?.invocation
  const journal = typeof invocation === 'object' && invocation !== null ? invocation.journal : undefined
  return Array.isArray(journal) ? journal : undefined
}

function slowEntry(entry: unknown): JournalStep | undefined {
  const parsed = JournalStepSchema.safeParse(entry)
  return parsed.success ? (parsed.data as JournalStep) : undefined
}
