/**
 * A runtime's built-in module (`node:crypto`, `node:async_hooks`) where the runtime offers one
 * through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno), else `undefined`.
 *
 * The core never imports Node; it feature-detects. Every read is guarded because sandboxes
 * (edge runtimes, browser shims) may trap property reads on `process`, and the member is read
 * by name so that bundlers targeting the Edge runtime see no Node API in the code.
 */
export function builtinModule<T>(id: string): T | undefined {
  try {
    const proc: unknown = Reflect.get(globalThis, 'process')
    if (proc === null || typeof proc !== 'object') return undefined
    const load: unknown = Reflect.get(proc, 'getBuiltinModule')
    if (typeof load !== 'function') return undefined
    return (load as (id: string) => T | undefined).call(proc, id) ?? undefined
  } catch {
    return undefined
  }
}

/** The environment variables where the runtime has them (`process.env`), else an empty record. */
export function environment(): Record<string, string | undefined> {
  try {
    const proc: unknown = Reflect.get(globalThis, 'process')
    if (proc === null || typeof proc !== 'object') return {}
    const env: unknown = Reflect.get(proc, 'env')
    return env !== null && typeof env === 'object' ? (env as Record<string, string | undefined>) : {}
  } catch {
    return {}
  }
}
