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
  return JSON.parse(toJson(value, what)) as Jsonified<T>
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
  checkLeaf(value, what, () => '')
  if (!isWalked(value)) return
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
    const where = (): string => pathOf(stack)
    checkLeaf(child, what, where)
    if (!isWalked(child)) continue
    if (ancestors.has(child as object)) throw fail(what, where(), 'a circular reference', 'Remove the cycle before returning the value.')
    if (stack.length >= MAX_JSON_DEPTH) {
      throw fail(what, where(), `objects or arrays nested more than ${MAX_JSON_DEPTH} levels deep`, 'Flatten the value (e.g. a list with parent ids instead of a deep tree).')
    }
    enter(child as object)
  }
}

/** Objects and arrays JSON walks into (a value with toJSON is serialized by its own rules). */
function isWalked(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function'
}

function checkLeaf(v: unknown, what: string, where: () => string): void {
  switch (typeof v) {
    case 'bigint':
      throw fail(what, where(), 'a BigInt', 'Convert it to a string or number first.')
    case 'function':
      throw fail(what, where(), 'a function', 'Return plain data; functions cannot be sent or stored.')
    case 'symbol':
      throw fail(what, where(), 'a symbol', 'Use a string instead.')
  }
}

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
