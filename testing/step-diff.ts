/**
 * One way a replay's step order departs from its history's.
 *
 * @example
 * expect(result.differences).toEqual([expect.objectContaining({ kind: 'renamed', key: 'charge', to: 'charge-card' })])
 */
export interface ReplayDifference {
  kind: 'renamed' | 'reordered' | 'added' | 'removed'
  /** The step key concerned (the history's key for renamed and removed, the replay's for added). */
  key: string
  /** renamed: the key the replay reached instead. */
  to?: string
  /** added: the completed step of the history it now comes before. */
  before?: string
  message: string
}

type Op = { op: 'same' | 'del' | 'ins'; key: string }

/**
 * Compares the step keys a history recorded with those a replay reached, and names each
 * departure: a step renamed, reordered, added (before a completed one, or after the last), or removed.
 *
 * @example
 * diffSteps(['a', 'b', 'c'], ['a', 'x', 'c']) // [{ kind: 'renamed', key: 'b', to: 'x', ... }]
 */
export function diffSteps(expected: readonly string[], actual: readonly string[], historyEnded: boolean): { differences: ReplayDifference[]; lines: string[] } {
  const ops = lcsDiff(expected, actual)
  const deleted = new Set(ops.filter((o) => o.op === 'del').map((o) => o.key))
  const inserted = new Set(ops.filter((o) => o.op === 'ins').map((o) => o.key))
  const moved = new Set([...deleted].filter((k) => inserted.has(k)))
  const differences: ReplayDifference[] = []
  for (const key of moved) {
    differences.push({ kind: 'reordered', key, message: `step "${key}" was reached at position ${actual.indexOf(key) + 1}, but the history has it at position ${expected.indexOf(key) + 1}` })
  }
  for (let i = 0; i < ops.length; ) {
    if (ops[i]!.op === 'same') {
      i++
      continue
    }
    const dels: string[] = []
    const inss: string[] = []
    for (; i < ops.length && ops[i]!.op !== 'same'; i++) {
      const o = ops[i]!
      if (moved.has(o.key)) continue
      ;(o.op === 'del' ? dels : inss).push(o.key)
    }
    const next = ops.slice(i).find((o) => o.op === 'same')?.key
    const pairs = Math.min(dels.length, inss.length)
    for (let p = 0; p < pairs; p++) {
      differences.push({ kind: 'renamed', key: dels[p]!, to: inss[p]!, message: `the history has step "${dels[p]}" where the replay reached "${inss[p]}" (renamed, or replaced by a new step)` })
    }
    for (const key of dels.slice(pairs)) {
      differences.push({ kind: 'removed', key, message: `the history has step "${key}", which the replay never reached (removed, or the handler stopped before it)` })
    }
    for (const key of inss.slice(pairs)) {
      if (next !== undefined) differences.push({ kind: 'added', key, before: next, message: `the replay reached new step "${key}" before completed step "${next}"` })
      else if (historyEnded) differences.push({ kind: 'added', key, message: `the replay reached new step "${key}" after the last step of a run that had already ended` })
    }
  }
  const lines = ops.map((o) => (o.op === 'same' ? `    ${o.key}` : o.op === 'del' ? `  - ${o.key}` : `  + ${o.key}`))
  return { differences, lines }
}

/** A longest-common-subsequence diff of two short key lists. */
function lcsDiff(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length
  const m = b.length
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
    }
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: 'same', key: a[i]! })
      i++
      j++
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) ops.push({ op: 'del', key: a[i++]! })
    else ops.push({ op: 'ins', key: b[j++]! })
  }
  while (i < n) ops.push({ op: 'del', key: a[i++]! })
  while (j < m) ops.push({ op: 'ins', key: b[j++]! })
  return ops
}
