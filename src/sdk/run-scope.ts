import { builtinModule } from '../model/builtin-module.js'
import type { RunHandle, TriggerOptions } from './types.js'
import type { AnyTask } from './task-types.js'

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
}

// AsyncLocalStorage is not a Web standard; Node, Deno and Bun expose it through
// process.getBuiltinModule, which the core may feature-detect without importing Node.
// Where it is missing, a trigger inside a run is an ordinary top-level trigger.
const storage: Storage<RunScope> | undefined = (() => {
  const mod = builtinModule<{ AsyncLocalStorage: new () => Storage<RunScope> }>('node:async_hooks')
  return mod ? new mod.AsyncLocalStorage() : undefined
})()

/** Runs `fn` with `scope` as the current run, for the whole async call tree it starts. */
export function withRunScope<R>(scope: RunScope, fn: () => R): R {
  return storage ? storage.run(scope, fn) : fn()
}

/** The run whose handler is executing this code, if any. */
export function currentRunScope(): RunScope | undefined {
  return storage?.getStore()
}
