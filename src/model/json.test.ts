import { describe, expect, it } from 'vitest'
import { SerializationError } from '../errors/input-errors.js'
import { assertJsonSafe, jsonRoundTrip } from './json.js'

describe('assertJsonSafe', () => {
  it('passes flat objects and arrays of plain values, as JSON carries them', () => {
    expect(() => assertJsonSafe({ a: 1, b: 'x', c: true, d: null, e: undefined }, 'the payload')).not.toThrow()
    expect(jsonRoundTrip([1, 'two', null, undefined], 'the result')).toEqual([1, 'two', null, null])
  })

  it('names the key of a flat object that JSON cannot carry', () => {
    expect(() => assertJsonSafe({ n: 1, send: () => 1 }, 'the payload of task "t"')).toThrow(
      new SerializationError('Failed to serialize the payload of task "t": it contains a function at "send", which JSON cannot carry. Return plain data; functions cannot be sent or stored.'),
    )
  })

  it('names the index in a flat array and the path in a nested value', () => {
    expect(() => assertJsonSafe([1, 2n], 'the result')).toThrow(/a BigInt at "\[1\]"/)
    expect(() => assertJsonSafe({ a: [{ b: Symbol('s') }] }, 'the result')).toThrow(/a symbol at "a\[0\]\.b"/)
  })

  it('refuses a bad value at the top and a cycle below it', () => {
    expect(() => assertJsonSafe(() => 1, 'the result')).toThrow(/it contains a function, which/)
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(() => assertJsonSafe(cyclic, 'the result')).toThrow(/a circular reference at "self"/)
  })
})

describe('jsonRoundTrip', () => {
  // Flat values take a copy without JSON text; every one must come out as JSON.parse(JSON.stringify()) does.
  const values: unknown[] = [
    { n: 1, s: 'x', b: false, z: null, u: undefined, neg: -0, inf: Infinity, nan: NaN },
    { 2: 'two', 1: 'one', b: 'b', a: 'a' },
    [1, undefined, null, 'x', -0, Number.NaN],
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    Object.assign(Object.create(null) as object, { a: 1 }),
    JSON.parse('{"__proto__": 1, "a": 2}'),
    { d: new Date(0) },
    { nested: { a: [1, 2] } },
    new Date(0),
    Object.assign(new Number(3), {}),
    new (class Point {
      constructor(
        public x = 1,
        public y = 2,
      ) {}
    })(),
    { toJSON: () => 'custom' },
    { s: '\ud800 lone surrogate', e: '' },
    [],
    {},
  ]
  it.each(values.map((v, i) => [i, v]))('value %i comes out as JSON makes it', (_i, value) => {
    const copy = jsonRoundTrip(value, 'the value')
    expect(copy).toStrictEqual(JSON.parse(JSON.stringify(value)))
    expect(Object.keys(copy ?? {})).toEqual(Object.keys(JSON.parse(JSON.stringify(value)) ?? {}))
    if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value)
  })

  it('gives a plain object: "__proto__" stays an own key', () => {
    const copy = jsonRoundTrip(JSON.parse('{"__proto__": {"polluted": true}}'), 'the value') as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
  })
})
