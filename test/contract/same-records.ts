import { expect } from 'vitest'
import type { RunRecord } from 'backlot'
import { memoryHarness, type Harness } from './harness.js'
import { httpInProcessHarness, httpSocketHarness } from './http-harness.js'
import { record } from './support.js'

// "The run records match apart from ids and times": runs one scenario on every transport with
// the same seed and compares the status records it leaves (records-match*.test.ts).

export const SEED = 42

/** A scenario: defines its tasks afresh, drives one harness, and names the root runs to compare. */
export type Scenario = (h: Harness) => Promise<string[]>

const RUN_ID = /run_[a-z0-9]+/g
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g

/**
 * Run ids become `<run N>` in order of first appearance (so which run is whose child still
 * counts), ISO times become `<time>`. A stack trace keeps only its first line ("Error: message"):
 * the frames below are where the code ran (the engine or serve()), not what happened.
 */
export function normalize(value: unknown, ids = new Map<string, string>()): unknown {
  const text = (s: string): string =>
    s.replace(RUN_ID, (id) => {
      if (!ids.has(id)) ids.set(id, `<run ${ids.size + 1}>`)
      return ids.get(id)!
    }).replace(ISO_TIME, '<time>')
  if (typeof value === 'string') return text(value)
  if (Array.isArray(value)) return value.map((v) => normalize(v, ids))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === 'stack' && typeof v === 'string' ? text(v.split('\n')[0]!) : normalize(v, ids)
    }
    return out
  }
  return value
}

/** The records of the roots and of all their descendants, depth first, as getTask returns them. */
async function collect(roots: readonly string[]): Promise<RunRecord[]> {
  const out: RunRecord[] = []
  const visit = async (id: string): Promise<void> => {
    const run = await record(id)
    out.push(run)
    for (const child of run.children) await visit(child)
  }
  for (const id of roots) await visit(id)
  return out
}

const harnesses: (() => Harness)[] = [memoryHarness, httpInProcessHarness, httpSocketHarness]
let current: Harness | undefined

/** Makes `h` the harness torn down by `teardownCurrent` (call it from afterEach). */
export function useHarness(h: Harness): Harness {
  return (current = h)
}

/** Tears down the harness in use, if a test left one behind. */
export async function teardownCurrent(): Promise<void> {
  await current?.teardown()
  current = undefined
}

/** Runs the scenario on every harness; answers each harness's raw records, by harness name. */
async function runEverywhere(scenario: Scenario): Promise<Map<string, RunRecord[]>> {
  const results = new Map<string, RunRecord[]>()
  for (const make of harnesses) {
    const h = useHarness(make())
    const roots = await scenario(h)
    results.set(h.name, await collect(roots))
    await teardownCurrent()
  }
  return results
}

export async function expectSameRecords(scenario: Scenario): Promise<RunRecord[]> {
  const results = await runEverywhere(scenario)
  const [memory, ...others] = [...results.entries()]
  expect(memory![0]).toBe('memory')
  expect(memory![1].length).toBeGreaterThan(0)
  for (const [name, records] of others) {
    expect({ harness: name, records: normalize(records) }).toEqual({ harness: name, records: normalize(memory![1]) })
  }
  // Stricter, and it holds: with the same seed and virtual clocks, ids and times agree too
  // (retry jitter drawn in network order would break this, not the check above).
  const withoutFrames = (records: RunRecord[]): unknown => JSON.parse(JSON.stringify(records, (key, v: unknown) => (key === 'stack' && typeof v === 'string' ? v.split('\n')[0] : v)))
  for (const [name, records] of others) {
    expect({ harness: name, records: withoutFrames(records) }).toEqual({ harness: name, records: withoutFrames(memory![1]) })
  }
  return memory![1]
}
