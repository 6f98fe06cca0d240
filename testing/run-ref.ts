import type { RunRecord } from '../src/model/run-record.js'
import type { ReadonlyRun } from '../src/engine/run-types.js'

/**
 * A run, as a test names it: its id, or anything with an `id` (a handle, a record).
 *
 * @example
 * engine.steps(run); engine.steps(run.id); engine.steps(engine.run(run))
 */
export type RunRef = string | { readonly id: string }

/** Where a run id can be looked up: each live test engine registers itself here. */
export interface RunSource {
  get(runId: string): ReadonlyRun | undefined
}

const ENGINE = Symbol.for('backlot.testing.source')
const live = new Set<RunSource>()

/** Adds a test engine to the places matchers look runs up in (until it is disposed). */
export function addRunSource(source: RunSource): () => void {
  live.add(source)
  return () => live.delete(source)
}

/** Ties a handle to the engine that made it, so matchers find its run even after dispose. */
export function linkToSource<T extends object>(handle: T, source: RunSource): T {
  Object.defineProperty(handle, ENGINE, { value: source, enumerable: false })
  return handle
}

export function idOf(ref: RunRef): string {
  return typeof ref === 'string' ? ref : ref.id
}

/** The live state of a run: from the handle's own engine, or any live test engine. */
export function findRunState(ref: unknown): ReadonlyRun | undefined {
  return findRun(ref)?.state
}

/** A run's state and the engine it was found in (none for a bare run state). */
export function findRun(ref: unknown): { state: ReadonlyRun; source?: RunSource } | undefined {
  if (isRunState(ref)) return { state: ref }
  const id = typeof ref === 'string' ? ref : typeof ref === 'object' && ref !== null && typeof (ref as { id?: unknown }).id === 'string' ? (ref as { id: string }).id : undefined
  if (id === undefined) return undefined
  const own = typeof ref === 'object' && ref !== null ? ((ref as Record<symbol, unknown>)[ENGINE] as RunSource | undefined) : undefined
  const fromOwn = own?.get(id)
  if (fromOwn) return { state: fromOwn, source: own }
  for (const source of live) {
    const state = source.get(id)
    if (state) return { state, source }
  }
  return undefined
}

export function isRunState(value: unknown): value is ReadonlyRun {
  return typeof value === 'object' && value !== null && Array.isArray((value as ReadonlyRun).events) && typeof (value as ReadonlyRun).status === 'string' && typeof (value as ReadonlyRun).createdAt === 'number'
}

export function isRunRecord(value: unknown): value is RunRecord {
  return typeof value === 'object' && value !== null && typeof (value as RunRecord).status === 'string' && Array.isArray((value as RunRecord).steps) && typeof (value as RunRecord).createdAt === 'string'
}
