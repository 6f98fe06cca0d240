import { describe, expect, it, vi } from 'vitest'
import * as errors from './index.js'

// A second instance of every errors module, as a second copy of backlot in the process would load.
vi.resetModules()
const other = (await import('./index.js')) as typeof errors

describe('error identity across two copies of backlot', () => {
  it('loads two distinct classes', () => {
    expect(other.NonRetriableError).not.toBe(errors.NonRetriableError)
  })

  it('makes instanceof, is() and isBacklotError agree across copies', () => {
    const fromOther = new other.NonRetriableError('stop')
    expect(fromOther instanceof errors.NonRetriableError).toBe(true)
    expect(errors.NonRetriableError.is(fromOther)).toBe(true)
    expect(fromOther instanceof errors.BacklotError).toBe(true)
    expect(errors.isBacklotError(fromOther)).toBe(true)
    const cases: [Error, abstract new (...args: never[]) => Error][] = [
      [new other.ValidationError('X', 'x'), errors.ValidationError],
      [new other.TimeoutError('t', 1), errors.TimeoutError],
      [new other.RetryAfterError('r', 1), errors.RetryAfterError],
      [new other.TaskRunFailedError('run_1', 't', { name: 'Error', message: 'm' }), errors.TaskRunFailedError],
      [new other.RunCancelledError('run_1'), errors.RunCancelledError],
      [new other.EngineDisposedError('gone'), errors.EngineDisposedError],
      [new other.SignatureError('SIGNATURE_MISSING', 's'), errors.SignatureError],
    ]
    for (const [error, errorClass] of cases) expect(error instanceof errorClass, error.name).toBe(true)
  })

  it('keeps kinds apart: one kind is not an instance of another', () => {
    const validation = new other.ValidationError('X', 'x')
    expect(validation instanceof errors.NonRetriableError).toBe(false)
    expect(validation instanceof errors.TimeoutError).toBe(false)
    expect(new errors.TimeoutError('t', 1) instanceof errors.ValidationError).toBe(false)
    expect(new Error('plain') instanceof errors.BacklotError).toBe(false)
    expect(errors.isBacklotError({ code: 'X' })).toBe(false)
  })

  it('keeps the ordinary prototype check for a subclass without a marker of its own', () => {
    class MyError extends errors.NonRetriableError {}
    expect(new MyError('m') instanceof MyError).toBe(true)
    expect(new errors.NonRetriableError('n') instanceof MyError).toBe(false)
    expect(new MyError('m') instanceof errors.NonRetriableError).toBe(true)
  })
})
