import { DuplicateTaskError, UnknownTaskError } from '../errors/input-errors.js'
import type { Executor, TaskPolicy } from './executor.js'

/**
 * The tasks an engine runs, by id, each with the executor that runs it (inline, or over HTTP
 * for an app's task), plus a fallback that finds tasks defined elsewhere in the process.
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, { def: TaskPolicy; executor?: Executor }>()

  constructor(
    private readonly resolve: ((id: string) => TaskPolicy | undefined) | undefined,
    /** Called when a task is added or replaced (the engine arms its cron). */
    private readonly onRegistered: (task: TaskPolicy) => void,
  ) {}

  /** Adds a task. The same object twice is fine; another with the same id is not, unless `replace`. */
  register(task: TaskPolicy, executor?: Executor, replace = false): void {
    const existing = this.tasks.get(task.id)
    if (existing) {
      if (existing.def === task) return
      if (!replace) throw new DuplicateTaskError(task.id)
    }
    this.tasks.set(task.id, { def: task, executor })
    this.onRegistered(task)
  }

  ids(): string[] {
    return [...this.tasks.keys()]
  }

  /** The task with this id: registered here, or found by the fallback (and then registered). */
  find(id: string): TaskPolicy | undefined {
    const own = this.tasks.get(id)?.def
    if (own) return own
    const found = this.resolve?.(id)
    if (found) this.register(found)
    return found
  }

  /** The task with this id, or an UnknownTaskError naming the registered ones. */
  require(id: string): TaskPolicy {
    const task = this.find(id)
    if (!task) throw new UnknownTaskError(id, this.ids())
    return task
  }

  /** The registered definition of a task object triggered directly (registering it the first time). */
  ensure(task: TaskPolicy): TaskPolicy {
    const known = this.tasks.get(task.id)
    if (!known) this.register(task)
    else if (known.def !== task && known.def.run !== undefined && task.run !== undefined) throw new DuplicateTaskError(task.id)
    return this.tasks.get(task.id)!.def
  }

  /** The executor a task was registered with, if not the engine's default. */
  executorOf(taskId: string): Executor | undefined {
    return this.tasks.get(taskId)?.executor
  }
}
