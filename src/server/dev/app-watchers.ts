import type { Engine } from '../../engine/engine.js'
import type { FetchLike } from '../../engine/http-executor.js'
import { AppWatcher } from './app-watcher.js'

export interface AppWatchersOptions {
  signingKey: string
  fetch: FetchLike
  log: (line: string) => void
  /** Called with an app's URL and the ids of its tasks registered for the first time. */
  onAdded?: (url: string, taskIds: string[]) => void
}

/**
 * Every app behind `--app` (the dev server's and a replica's): their manifests read at start
 * and then every `intervalMs`, and the recovered runs whose task was missing (an app that was
 * down) re-armed as soon as their task appears.
 */
export class AppWatchers {
  private readonly watchers: AppWatcher[]
  private waiting: string[] = []

  constructor(
    private readonly engine: Engine,
    urls: readonly string[],
    options: AppWatchersOptions,
  ) {
    this.watchers = urls.map(
      (url) =>
        new AppWatcher(engine, {
          url,
          signingKey: options.signingKey,
          fetch: options.fetch,
          log: options.log,
          onAdded: (ids) => {
            options.onAdded?.(url, ids)
            this.rearmWaiting()
          },
        }),
    )
  }

  /** Reads every manifest once; an app that is down is tried again on the next read. */
  async refresh(): Promise<void> {
    for (const watcher of this.watchers) await watcher.refresh().catch(() => undefined)
  }

  /** Runs (recovered, not ended) that wait for their task to appear. */
  waitFor(runIds: readonly string[]): void {
    this.waiting = [...runIds]
  }

  /** Re-reads the manifests every `intervalMs`; returns the stop function. */
  start(intervalMs: number): () => void {
    const timer = setInterval(() => void this.refresh(), intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }

  private rearmWaiting(): void {
    const back = new Set(this.engine.rearm(this.waiting))
    this.waiting = this.waiting.filter((id) => !back.has(id))
  }
}
