import { describe, expect, it } from 'vitest'
import { assertJsonSafe, jsonDepthExceeds, jsonRoundTrip, MAX_JSON_DEPTH } from '../model/json.js'

/** An array nested `depth` levels: `[[[...]]]`. */
function nested(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth))
}

describe('JSON depth', () => {
  it('refuses a value nested past the limit with a typed error, however deep, without overflowing the stack', () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 4_500, 200_000]) {
      expect(() => jsonRoundTrip(nested(depth), 'the payload of task "deep"')).toThrow(
        expect.objectContaining({ code: 'NOT_SERIALIZABLE', message: expect.stringMatching(/^Failed to serialize the payload of task "deep": it contains objects or arrays nested more than 512 levels deep at "\[0\]\[0\]/) }),
      )
    }
  })

  it('accepts a value exactly at the limit', () => {
    expect(jsonRoundTrip(nested(MAX_JSON_DEPTH), 'v')).toEqual(nested(MAX_JSON_DEPTH))
  })

  it('still names the path of a value JSON cannot carry, and finds cycles', () => {
    expect(() => assertJsonSafe({ a: [1, { b: () => 1 }] }, 'x')).toThrow(/a function at "a\[1\]\.b"/)
    const cyclic: Record<string, unknown> = { list: [] }
    ;(cyclic.list as unknown[]).push(cyclic)
    expect(() => assertJsonSafe(cyclic, 'x')).toThrow(/a circular reference at "list\[0\]"/)
    const shared = { n: 1 }
    expect(() => assertJsonSafe({ a: shared, b: [shared] }, 'x')).not.toThrow()
  })

  it('measures the depth of parsed JSON iteratively', () => {
    expect(jsonDepthExceeds(nested(300_000), 10)).toBe(true)
    expect(jsonDepthExceeds({ a: { b: [1] } }, 3)).toBe(false)
    expect(jsonDepthExceeds({ a: { b: [1] } }, 2)).toBe(true)
    expect(jsonDepthExceeds('text', 0)).toBe(false)
  })
})
