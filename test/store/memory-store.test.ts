import { MemoryRunStore } from '../../src/store/memory-run-store.js'
import { recoveryContract } from './recovery-contract.js'
import { storeContract } from './store-contract.js'
import type { StoreFactory } from './store-factory.js'

// A memory store outlives the engine that wrote it, which is all a restart in one process needs.
const memory: StoreFactory = {
  name: 'memory',
  open: async () => new MemoryRunStore(),
  reopen: async (store) => store,
  cleanup: async () => undefined,
}

storeContract(memory)
recoveryContract(memory)
