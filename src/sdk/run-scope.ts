import { builtinModule } from '../model/builtin-module.js'
import type { RunHandle, TriggerOptions } from './types.js'
import type { AnyTask } from './task.js'

/**
 * What a task's own `trigger` / `triggerAndWait` do when called inside a running task: they
 * become children of that run, de-duplicated across replays, instead of top-level runs.
 */
export interface RunScope {
  trigger(task: AnyTask, payload: unknown, options?: TriggerOptions): RunHandle
  triggerAndWait(task: AnyTask, payload: unknown, options?: TriggerOptions): Promise<unknown>
  waitFor(runId: string, taskId: string): Promise<unknown>
}

interface Storage<T> {
  run<R>(store: T, fn: () => R): R
  getStore(): T | undefined
  disable(): void
}

// AsyncLocalStorage is not a Web standard; Node, Deno and Bun expose it through
// process.getBuiltinModule, which the core may feature-detect without importing Node.
// Where it is missing, a trigger inside a run is an ordinary top-level trigger.
const storage: Storage<RunScope> | undefined = (() => {
  const mod = builtinModule<{ AsyncLocalStorage: new () => Storage<RunScope> }>('node:async_hooks')
  return mod ? new mod.AsyncLocalStorage() : undefined
})()

// While a storage is enabled, Node's promise hooks make every promise in the process about 3×
// slower, the user's own included. So the storage is enabled only while invocations execute:
// `run` enables it, and the last invocation to leave disables it (with no other storage
// enabled, Node then removes the hooks). A WeakSet, so a hung invocation is not kept alive.
const executing = new WeakSet<RunScope>()
let executingCount = 0

/**
 * Runs `fn` with `scope` as the current run, for the whole async call tree it starts, until
 * `leaveRunScope(scope)` says the invocation has ended.
 */
export function withRunScope<R>(scope: RunScope, fn: () => R): R {
  if (!storage) return fn()
  if (!executing.has(scope)) {
    executing.add(scope)
    executingCount++
  }
  return storage.run(scope, fn)
}

/**
 * Marks the invocation that `scope` stands for as ended. Its handler's leftover async work (a
 * parallel branch still awaiting something) no longer sees the scope once no invocation executes.
 */
export function leaveRunScope(scope: RunScope): void {
  if (!storage || !executing.delete(scope)) return
  if (--executingCount === 0) storage.disable()
}

/** The run whose handler is executing this code, if any. */
export function currentRunScope(): RunScope | undefined {
  return storage?.getStore()
}

/** True while some invocation executes, so async context is being tracked (for tests). */
export function runScopeTracking(): boolean {
  return executingCount > 0
}
