import { DuplicateTaskError } from '../errors/input-errors.js'
import { definitionSite, siteFile } from './definition-site.js'
import type { AnyTask } from './task-types.js'

// Every task defined in this process, by id: what the embedded default engine and
// `ctx.task(id)` fall back to. A definition from the same file as the last one replaces it
// (a module reloaded, a test redefining a task); one from another file is a second task with
// the same id, an error at definition time naming both sites.
const globalTasks = new Map<string, { task: AnyTask; site: string | undefined }>()

export function registerGlobalTask(task: AnyTask): void {
  const site = definitionSite()
  const known = globalTasks.get(task.id)
  if (known && known.site && site && siteFile(known.site) !== siteFile(site)) {
    throw new DuplicateTaskError(task.id, [known.site, site])
  }
  globalTasks.set(task.id, { task, site })
}

export function findGlobalTask(id: string): AnyTask | undefined {
  return globalTasks.get(id)?.task
}

export function globalTaskIds(): string[] {
  return [...globalTasks.keys()]
}
