import { ValidationError } from '../errors/input-errors.js'

/**
 * Loads what needs an optional dependency (better-sqlite3, esbuild) when a feature first uses
 * it, so `backlot/server`'s adapters load neither; a missing package is a typed error that
 * names it and the fix. `load` is a literal `import()` so bundlers still see the module.
 */
export async function importOptional<T>(load: () => Promise<T>, dependency: string, purpose: string, fix: string): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const code = (error as { code?: string }).code
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(dependency)
    if (!missing) throw error
    throw new ValidationError('MISSING_DEPENDENCY', `Failed to ${purpose}: the package "${dependency}" is not installed (an optional dependency of backlot). ${fix}`, { cause: error })
  }
}
