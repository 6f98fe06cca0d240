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
