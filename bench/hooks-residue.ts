import { awaitsPerSecond } from './user-promises.js'
import { row } from './harness.js'

/**
 * Node alone, no backlot: the same `await` loop before and after one AsyncLocalStorage has been
 * enabled and disabled. What is left is what no library can take back. Run in its own process
 * (`npm run bench -- residue`), since any enabled storage before it spoils the floor.
 */
export async function hooksResidueBench(): Promise<string[]> {
  const { AsyncLocalStorage } = await import('node:async_hooks')
  const before = await awaitsPerSecond()
  const storage = new AsyncLocalStorage<number>()
  await storage.run(1, async () => {
    await null
  })
  storage.disable()
  await null
  const after = await awaitsPerSecond()
  return [row('Node alone: `await` loop after one AsyncLocalStorage run + disable()', `${(before / after).toFixed(2)}× slower`, `${(before / 1e6).toFixed(2)} M awaits/s before`, '(reference)')]
}
