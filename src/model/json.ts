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

/** Throws a SerializationError when JSON would throw or silently drop part of the value. */
export function assertJsonSafe(value: unknown, what: string): void {
  const seen: object[] = []
  const visit = (v: unknown, path: string): void => {
    switch (typeof v) {
      case 'bigint':
        throw fail(what, path, 'a BigInt', 'Convert it to a string or number first.')
      case 'function':
        throw fail(what, path, 'a function', 'Return plain data; functions cannot be sent or stored.')
      case 'symbol':
        throw fail(what, path, 'a symbol', 'Use a string instead.')
      case 'object': {
        if (v === null) return
        if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return
        if (seen.includes(v)) throw fail(what, path, 'a circular reference', 'Remove the cycle before returning the value.')
        seen.push(v)
        if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${path}[${i}]`))
        else for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key], `${path}.${key}`)
        seen.pop()
      }
    }
  }
  visit(value, '')
}

function fail(what: string, path: string, kind: string, fix: string): SerializationError {
  const where = path ? ` at "${path.replace(/^\./, '')}"` : ''
  return new SerializationError(`Failed to serialize ${what}: it contains ${kind}${where}, which JSON cannot carry. ${fix}`)
}
