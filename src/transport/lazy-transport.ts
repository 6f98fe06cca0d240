import type { Transport } from './transport.js'

/**
 * A transport that loads the real one on its first call. The package entry registers the
 * embedded engine through this, so an app that only defines, triggers and serves tasks over
 * HTTP never loads the engine, the clocks or the cron parser (and bundlers split them out).
 */
export function lazyTransport(kind: string, load: () => Promise<Transport>): Transport {
  let loading: Promise<Transport> | undefined
  const transport = (): Promise<Transport> => (loading ??= load())
  return {
    kind,
    trigger: (task, payload, options) => transport().then((t) => t.trigger(task, payload, options)),
    batchTrigger: (task, items) => transport().then((t) => t.batchTrigger(task, items)),
    getRun: (runId) => transport().then((t) => t.getRun(runId)),
    listRuns: (filter) => transport().then((t) => t.listRuns(filter)),
    waitForRun: (runId) => transport().then((t) => t.waitForRun(runId)),
    cancelRun: (runId) => transport().then((t) => t.cancelRun(runId)),
    createCron: (input) => transport().then((t) => t.createCron(input)),
    listCrons: () => transport().then((t) => t.listCrons()),
    deleteCron: (name) => transport().then((t) => t.deleteCron(name)),
  }
}
