import type { AnyTask } from './task.js'

// Every task defined in this process, by id: what the embedded default engine and
// `ctx.task(id)` fall back to. The latest definition of an id wins, because tests and
// module reloads define the same id again; engines given an explicit task list reject
// duplicates instead (DuplicateTaskError).
const globalTasks = new Map<string, AnyTask>()

export function registerGlobalTask(task: AnyTask): void {
  globalTasks.set(task.id, task)
}

export function findGlobalTask(id: string): AnyTask | undefined {
  return globalTasks.get(id)
}

export function globalTaskIds(): string[] {
  return [...globalTasks.keys()]
}
