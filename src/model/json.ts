import { SerializationError } from '../errors/input-errors.js'

/** A value as it comes back from a JSON round trip: Dates become strings, functions vanish. */
export type Jsonified<T> = T extends { toJSON(): infer J }
  ? J extends string ? string : Jsonified<J>
  : T extends string | number | boolean | null | undefined | void
    ? T
    : T extends (...args: never[]) => unknown
      ? never
      : T extends readonly (infer E)[]
        ? Jsonified<E>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Jsonified<T[K]> }
          : never

/**
 * Round-trips a value through JSON, as every transport does, after checking that JSON can carry it.
 * `what` names the value in the error ("the result of step \"send\"").
 */
export function jsonRoundTrip<T>(value: T, what: string): Jsonified<T> {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return value as Jsonified<T>
  // Finite numbers survive JSON unchanged (except -0, which becomes 0); the rest become null.
  if (typeof value === 'number') return (Number.isFinite(value) ? value + 0 : null) as Jsonified<T>
  const flat = copyFlat(value)
  if (flat !== undefined) return flat as Jsonified<T>
  return JSON.parse(toJson(value, what)) as Jsonified<T>
}

/**
 * What a JSON round trip makes of an array whose values are all strings, numbers, booleans,
 * null or undefined, copied without the text in between; undefined for anything else. Objects
 * still go through JSON text: JSON.parse sizes each object to its keys, where a copy made by
 * assignment keeps an object literal's spare slots, and kept payloads would grow by a tenth.
 */
function copyFlat(value: unknown): unknown {
  if (!Array.isArray(value)) return undefined
  const out: unknown[] = new Array(value.length)
  for (let i = 0; i < value.length; i++) {
    const v = flatLeaf(value[i])
    if (v === NOT_FLAT) return undefined
    // JSON writes undefined in an array (and a hole) as null.
    out[i] = v === undefined ? null : v
  }
  return out
}

const NOT_FLAT = Symbol('not flat')

/** A value as JSON writes it inside an object or array, or NOT_FLAT for anything to walk or refuse. */
function flatLeaf(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return v
    case 'number':
      return Number.isFinite(v) ? v + 0 : null
    default:
      return v === null ? null : NOT_FLAT
  }
}

/** JSON text of a value, or a SerializationError naming the value, the path and the fix. */
export function toJson(value: unknown, what: string): string {
  assertJsonSafe(value, what)
  return JSON.stringify(value)
}

/**
 * How deep a payload, step result or log datum may nest (objects and arrays inside one another).
 * JSON.stringify recurses and overflows the stack a few thousand levels down; checks here never
 * recurse, and refuse deeper values with a clear error instead.
 */
export const MAX_JSON_DEPTH = 512

/** One object or array being walked: its keys (undefined for an array) and the next index. */
interface Frame {
  value: Record<string, unknown> | unknown[]
  keys: string[] | undefined
  next: number
}

/**
 * Throws a SerializationError when JSON would throw or silently drop part of the value, or when
 * it nests deeper than `MAX_JSON_DEPTH`. Iterative: no value can overflow the stack here.
 */
export function assertJsonSafe(value: unknown, what: string): void {
  const problem = leafProblem(value)
  if (problem) throw fail(what, '', problem[0], problem[1])
  if (!isWalked(value)) return
  // Most payloads and results are one flat object or array of plain values: no walk needed.
  if (isFlatAndSafe(value as object)) return
  const stack: Frame[] = []
  const ancestors = new Set<object>()
  const enter = (v: object): void => {
    ancestors.add(v)
    stack.push({ value: v as Frame['value'], keys: Array.isArray(v) ? undefined : Object.keys(v), next: 0 })
  }
  enter(value as object)
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    const length = top.keys ? top.keys.length : (top.value as unknown[]).length
    if (top.next >= length) {
      ancestors.delete(top.value)
      stack.pop()
      continue
    }
    const index = top.next++
    const child = top.keys ? (top.value as Record<string, unknown>)[top.keys[index]!] : (top.value as unknown[])[index]
    const bad = leafProblem(child)
    if (bad) throw fail(what, pathOf(stack), bad[0], bad[1])
    if (!isWalked(child)) continue
    if (ancestors.has(child as object)) throw fail(what, pathOf(stack), 'a circular reference', 'Remove the cycle before returning the value.')
    if (stack.length >= MAX_JSON_DEPTH) {
      throw fail(what, pathOf(stack), `objects or arrays nested more than ${MAX_JSON_DEPTH} levels deep`, 'Flatten the value (e.g. a list with parent ids instead of a deep tree).')
    }
    enter(child as object)
  }
}

/** Objects and arrays JSON walks into (a value with toJSON is serialized by its own rules). */
function isWalked(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function'
}

/** True when every own value is a plain leaf (flatLeaf): nothing to walk or refuse. */
function isFlatAndSafe(v: object): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (flatLeaf(v[i]) === NOT_FLAT) return false
    return true
  }
  const keys = Object.keys(v)
  for (let i = 0; i < keys.length; i++) if (flatLeaf((v as Record<string, unknown>)[keys[i]!]) === NOT_FLAT) return false
  return true
}

/** What JSON cannot carry in a value and how to fix it, or undefined when it can. */
function leafProblem(v: unknown): readonly [kind: string, fix: string] | undefined {
  switch (typeof v) {
    case 'bigint':
      return BIGINT
    case 'function':
      return FUNCTION
    case 'symbol':
      return SYMBOL
  }
  return undefined
}

const BIGINT = ['a BigInt', 'Convert it to a string or number first.'] as const
const FUNCTION = ['a function', 'Return plain data; functions cannot be sent or stored.'] as const
const SYMBOL = ['a symbol', 'Use a string instead.'] as const

/** The path of the value being visited, `a.b[0].c`, from the frames above it. */
function pathOf(stack: readonly Frame[]): string {
  let path = ''
  for (const frame of stack) {
    const index = frame.next - 1
    path += frame.keys ? `.${frame.keys[index]}` : `[${index}]`
  }
  return path
}

/**
 * True when a value (as JSON.parse makes it: no cycles) nests objects or arrays more than `limit`
 * levels deep. Iterative, so it is safe on any input.
 *
 * @example
 * jsonDepthExceeds(JSON.parse('[[[]]]'), 2) // true
 */
export function jsonDepthExceeds(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (depth > limit) return true
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}

function fail(what: string, path: string, kind: string, fix: string): SerializationError {
  const where = path ? ` at "${path.replace(/^\./, '')}"` : ''
  return new SerializationError(`Failed to serialize ${what}: it contains ${kind}${where}, which JSON cannot carry. ${fix}`)
}
