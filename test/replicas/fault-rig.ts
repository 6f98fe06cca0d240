import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerOptions } from '../../src/server/replicas/server-options.js'
import { SECRET, SIGNING } from './fault-client.js'
import { spawnApp, spawnReplica, type Spawned } from './processes.js'

export type Replica = Spawned & { url: string; id: string }

/**
 * What every fault test stands on: the app of fault-tasks.ts in its own process, recording each
 * step it runs in a side-effects file, and the replicas the test starts against it. `close()`
 * ends them all (a paused replica is resumed first, so it can be killed).
 */
export class FaultRig {
  readonly replicas: Replica[] = []

  private constructor(
    private readonly dir: string,
    private readonly effects: string,
    readonly app: Spawned & { url: string },
  ) {}

  /** Starts the app; each of its steps takes `stepMs` of real time. */
  static async start(stepMs: number): Promise<FaultRig> {
    const dir = mkdtempSync(join(tmpdir(), 'backlot-faults-'))
    const effects = join(dir, 'effects.log')
    writeFileSync(effects, '')
    try {
      return new FaultRig(dir, effects, await spawnApp({ SIDE_EFFECTS: effects, BACKLOT_SIGNING_KEY: SIGNING, STEP_MS: String(stepMs) }))
    } catch (error) {
      rmSync(dir, { recursive: true, force: true })
      throw error
    }
  }

  /** Replica options on `database` against this app, with the fault tests' keys. */
  options(database: string, extra: Partial<ServerOptions> = {}): ServerOptions {
    return { database, apps: [this.app.url], port: 0, secretKey: SECRET, signingKey: SIGNING, poolSize: 4, ...extra }
  }

  /** Starts a replica in slot `slot` (replacing whatever was there). */
  async startReplica(slot: number, options: ServerOptions): Promise<Replica> {
    return (this.replicas[slot] = await spawnReplica(options))
  }

  /** Every step execution the app recorded so far: "<runId> <step> <attempt>" lines. */
  executions(): string[] {
    return readFileSync(this.effects, 'utf8').split('\n').filter(Boolean)
  }

  async close(): Promise<void> {
    for (const replica of this.replicas) {
      replica.resume()
      await replica.kill9()
    }
    await this.app.terminate()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A batch of `n` runs of a fault task, payload 0…n−1, each under its own idempotency key. */
export function numberedBatch(n: number, keyPrefix: string): { items: { payload: number; options: { idempotencyKey: string } }[] } {
  return { items: Array.from({ length: n }, (_, i) => ({ payload: i, options: { idempotencyKey: `${keyPrefix}-${i}` } })) }
}
