import { readManifest } from '../../engine/connect-app.js'
import type { Engine } from '../../engine/engine.js'
import type { Executor } from '../../engine/executor.js'
import { httpExecutor, type FetchLike } from '../../engine/http-executor.js'
import { remoteTaskPolicy } from '../../engine/remote-task.js'

export interface AppWatcherOptions {
  url: string
  signingKey: string
  fetch: FetchLike
  /** Called with a line for each task added, changed or gone, and for an app that stops answering. */
  log: (line: string) => void
  /** Called with the ids of tasks registered for the first time. */
  onAdded: (taskIds: string[]) => void
}

/**
 * One app behind `--app`: reads its manifest, registers its tasks (run by signed POSTs), and
 * re-reads it on every `refresh()`, so tasks added or changed in the app apply without a
 * restart. A task gone from the manifest stays registered (its runs still show) and is reported.
 */
export class AppWatcher {
  private readonly executor: Executor
  private known = new Map<string, string>()
  private reachable = true

  constructor(
    private readonly engine: Engine,
    private readonly options: AppWatcherOptions,
  ) {
    this.executor = httpExecutor({ url: options.url, signingKey: options.signingKey, fetch: options.fetch, clock: engine.clock })
  }

  get url(): string {
    return this.options.url
  }

  /** Task ids the app declared last time it answered. */
  get taskIds(): string[] {
    return [...this.known.keys()]
  }

  /** Reads the manifest once and applies it. Throws (AppRequestError) if the app cannot be read. */
  async refresh(): Promise<void> {
    let manifest
    try {
      manifest = await readManifest(this.options.url, this.options.fetch)
    } catch (error) {
      if (this.reachable) this.options.log(`app ${this.options.url} does not answer: ${(error as Error)?.message ?? error}`)
      this.reachable = false
      throw error
    }
    if (!this.reachable) this.options.log(`app ${this.options.url} answers again`)
    this.reachable = true
    const next = new Map<string, string>()
    const added: string[] = []
    for (const entry of manifest.tasks) {
      const policy = remoteTaskPolicy(entry)
      const fingerprint = JSON.stringify(policy)
      next.set(policy.id, fingerprint)
      const before = this.known.get(policy.id)
      if (before === fingerprint) continue
      const isNew = before === undefined && !this.engine.taskIds().includes(policy.id)
      this.engine.register(policy, this.executor, true)
      if (isNew) added.push(policy.id)
      if (this.known.size > 0 || before !== undefined) this.options.log(`task ${policy.id} ${before === undefined ? 'added' : 'changed'} in ${this.options.url}`)
    }
    for (const id of this.known.keys()) if (!next.has(id)) this.options.log(`task ${id} is gone from ${this.options.url} (its runs stay; new attempts of it fail in the app)`)
    this.known = next
    if (added.length > 0) this.options.onAdded(added)
  }
}
