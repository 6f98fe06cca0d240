import type { RunStore } from '../../src/store/run-store.js'

/**
 * How the store contract suite gets a store: memory and disk today, PostgreSQL later. Each
 * test opens a fresh, empty store and may reopen it as a restarted process would see it.
 */
export interface StoreFactory {
  readonly name: string
  /** A fresh, empty store. */
  open(): Promise<RunStore>
  /** The same data as a restarted process sees it (the factory closes `store` first if it must). */
  reopen(store: RunStore): Promise<RunStore>
  /** Closes and removes everything this factory opened. */
  cleanup(): Promise<void>
}
