import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/input-errors.js'
import { importOptional } from './optional-module.js'

describe('importOptional', () => {
  it('loads a module that is there', async () => {
    const path = await importOptional(() => import('node:path'), 'node:path', 'join paths', 'never')
    expect(typeof path.join).toBe('function')
  })

  it('names a missing optional package and the fix', async () => {
    const missing = () => import(/* @vite-ignore */ ['not-installed', 'package-x'].join('-'))
    const error = await importOptional(missing, 'not-installed-package-x', 'open the data directory', 'Install it with `npm i -D not-installed-package-x`.').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).code).toBe('MISSING_DEPENDENCY')
    expect((error as Error).message).toBe('Failed to open the data directory: the package "not-installed-package-x" is not installed (an optional dependency of backlot). Install it with `npm i -D not-installed-package-x`.')
  })

  it('passes on any other failure of the module as it is', async () => {
    const broken = () => Promise.reject(new SyntaxError('Unexpected token'))
    await expect(importOptional(broken, 'esbuild', 'load a file', 'x')).rejects.toThrow(SyntaxError)
  })
})
