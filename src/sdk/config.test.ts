import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/input-errors.js'
import type { Transport } from '../transport/transport.js'
import { configure, configuredTransport, getTransport, registerEmbeddedTransport, resetConfiguration } from './config.js'

const fakeTransport = (kind: string): Transport => ({ kind }) as unknown as Transport

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  try {
    return fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

// The configuration lives on globalThis: each test here starts from, and puts back, the state it found.
const SHARED = Symbol.for('backlot.config')
const holder = globalThis as Record<symbol, unknown>
let saved: unknown
beforeEach(() => {
  saved = holder[SHARED]
  delete holder[SHARED]
})
afterEach(() => {
  holder[SHARED] = saved
})

describe('configure() and the transport in force', () => {
  it('is shared by every copy of backlot loaded in the process', async () => {
    // A second instance of the same module, as a CommonJS copy or a second bundle would be.
    const copy = (await import(/* @vite-ignore */ `./config.js?copy=${Date.now()}`)) as typeof import('./config.js')
    expect(copy.configure).not.toBe(configure)
    const shared = fakeTransport('shared')
    copy.configure({ transport: shared })
    expect(configuredTransport()).toBe(shared)
    expect(getTransport()).toBe(shared)
    resetConfiguration()
    expect(copy.configuredTransport()).toBeUndefined()
    expect(copy.getTransport).not.toBe(getTransport)
  })

  it('refuses to run a trigger in this process when BACKLOT_SECRET_KEY is set without BACKLOT_BASE_URL', () => {
    withEnv({ BACKLOT_SECRET_KEY: 'sk_live', BACKLOT_BASE_URL: undefined }, () => {
      let error: unknown
      try {
        getTransport()
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).code).toBe('MISSING_BASE_URL')
      expect((error as Error).message).toContain('Set BACKLOT_BASE_URL')
      expect((error as Error).message).toContain("configure({ transport: 'embedded' })")
    })
  })

  it("runs in this process on purpose with configure({ transport: 'embedded' }), even with a secret key set", () => {
    registerEmbeddedTransport(() => fakeTransport('memory'))
    withEnv({ BACKLOT_SECRET_KEY: 'sk_live', BACKLOT_BASE_URL: undefined }, () => {
      configure({ transport: 'embedded' })
      expect(getTransport().kind).toBe('memory')
    })
  })

  it('goes over HTTP when BACKLOT_BASE_URL is set', () => {
    withEnv({ BACKLOT_SECRET_KEY: 'sk_live', BACKLOT_BASE_URL: 'http://127.0.0.1:1' }, () => {
      expect(getTransport().kind).toBe('http')
    })
  })
})
