import { afterEach, describe, expect, it } from 'vitest'
import { builtinModule, environment } from './builtin-module.js'

const realProcess = Object.getOwnPropertyDescriptor(globalThis, 'process')!
afterEach(() => Object.defineProperty(globalThis, 'process', realProcess))

function replaceProcess(value: unknown): void {
  Object.defineProperty(globalThis, 'process', { value, configurable: true, writable: true })
}

describe('runtime feature detection', () => {
  it('finds node:crypto and the environment on Node', () => {
    expect(typeof builtinModule<{ createHmac: unknown }>('node:crypto')?.createHmac).toBe('function')
    expect(environment()).toBe(process.env)
  })

  it('answers undefined and {} where there is no process (browsers, workers)', () => {
    replaceProcess(undefined)
    expect(builtinModule('node:crypto')).toBeUndefined()
    expect(environment()).toEqual({})
  })

  it('never throws in a sandbox whose process traps every property read', () => {
    replaceProcess(new Proxy({}, { get: () => { throw new Error('A Node.js API is not supported in this runtime') } }))
    expect(builtinModule('node:async_hooks')).toBeUndefined()
    expect(environment()).toEqual({})
  })

  it('never throws when getBuiltinModule itself throws or is missing', () => {
    replaceProcess({ env: { A: '1' }, getBuiltinModule: () => { throw new Error('denied') } })
    expect(builtinModule('node:crypto')).toBeUndefined()
    expect(environment()).toEqual({ A: '1' })
    replaceProcess({ env: null })
    expect(builtinModule('node:crypto')).toBeUndefined()
    expect(environment()).toEqual({})
  })
})
