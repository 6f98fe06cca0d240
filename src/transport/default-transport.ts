import { Engine } from '../engine/engine.js'
import { systemClock } from '../clock/system-clock.js'
import { findGlobalTask } from '../sdk/registry.js'
import { memoryTransport } from './memory-transport.js'
import type { Transport } from './transport.js'

/**
 * The embedded default: an in-process engine on the real clock that knows every task defined
 * in this process. Declared crons are not armed here, so a script that imports a cron module
 * still exits; the dev server and test engines arm them.
 */
export function createDefaultTransport(): Transport {
  const engine = new Engine({ clock: systemClock(), resolveTask: findGlobalTask, crons: false })
  return memoryTransport(engine)
}
