import type { Engine } from '../engine/engine.js'
import type { Transport } from './transport.js'

/**
 * The transport to an engine in this process. `waitForRun` waits on the engine's own clock;
 * a test engine passes `drive` so that awaiting a run moves virtual time by itself.
 */
export function memoryTransport(engine: Engine, options: { drive?: (runId: string) => Promise<void> } = {}): Transport {
  return {
    kind: 'memory',
    async trigger(task, payload, opts) {
      return { id: engine.trigger(task, payload, opts).id }
    },
    async batchTrigger(task, items) {
      return items.map((item) => ({ id: engine.trigger(task, item.payload, item.options).id }))
    },
    async getRun(runId) {
      return engine.getRun(runId)
    },
    async listRuns(filter) {
      return engine.listRuns(filter)
    },
    async waitForRun(runId) {
      if (options.drive) await options.drive(runId)
      return engine.waitForRun(runId)
    },
    async cancelRun(runId) {
      return engine.cancel(runId)
    },
    async createCron(input) {
      return engine.createCron(input)
    },
    async listCrons() {
      return engine.crons.list()
    },
    async deleteCron(name) {
      engine.crons.delete(name)
    },
  }
}
