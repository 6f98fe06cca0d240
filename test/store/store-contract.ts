import { afterEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../src/model/events.js'
import type { RunStore } from '../../src/store/run-store.js'
import type { StoreFactory } from './store-factory.js'

const T0 = Date.UTC(2026, 0, 1)

function triggered(runId: string, at: number, extra: Partial<Extract<RunEvent, { type: 'run.triggered' }>> = {}): RunEvent {
  return { type: 'run.triggered', runId, at, taskId: 'mail', payload: { to: 'a@b.c', n: [1, 2.5, null], s: 'é \u2028 "q" <b>' }, ...extra }
}

function completed(runId: string, at: number): RunEvent {
  return { type: 'run.completed', runId, at, result: { ok: true } }
}

/** A run of three events that ended at `at`. */
function endedRun(store: RunStore, runId: string, at: number): void {
  store.append(triggered(runId, at - 2))
  store.append({ type: 'attempt.started', runId, at: at - 1, attempt: 1 })
  store.append(completed(runId, at))
}

/** The contract every RunStore honours, given a way to open one. */
export function storeContract(factory: StoreFactory): void {
  describe(`the ${factory.name} run store`, () => {
    afterEach(() => factory.cleanup())

    it('reads back each run’s events in append order, oldest run first, after a restart', async () => {
      let store = await factory.open()
      store.append(triggered('run_a', T0))
      store.append(triggered('run_b', T0 + 1))
      store.append({ type: 'attempt.started', runId: 'run_a', at: T0 + 2, attempt: 1 })
      store.append({ type: 'step.completed', runId: 'run_a', at: T0 + 3, attempt: 1, key: 'send', name: 'send', kind: 'run', result: { id: 7 }, startedAt: T0 + 2 })
      store.append(completed('run_a', T0 + 4))
      await store.flush()
      store = await factory.reopen(store)
      expect((await store.readRun('run_a'))?.map((e) => e.type)).toEqual(['run.triggered', 'attempt.started', 'step.completed', 'run.completed'])
      const state = await store.load()
      const runs = [...state.runs]
      expect(runs.map((events) => events[0]!.runId)).toEqual(['run_a', 'run_b'])
      expect(runs[0]![2]).toEqual({ type: 'step.completed', runId: 'run_a', at: T0 + 3, attempt: 1, key: 'send', name: 'send', kind: 'run', result: { id: 7 }, startedAt: T0 + 2 })
      expect(runs[1]![0]).toEqual(triggered('run_b', T0 + 1))
      expect(state.lastAt).toBe(T0 + 4)
      expect(await store.readRun('run_missing')).toBeUndefined()
    })

    it('keeps idempotency keys, created crons and cron marks across a restart', async () => {
      let store = await factory.open()
      store.append(triggered('run_k', T0, { idempotencyKey: 'order-1' }))
      store.rememberKey({ taskId: 'mail', key: 'order-1', runId: 'run_k', expiresAt: T0 + 1000 })
      store.putCron({ name: 'nightly', cron: '0 3 * * *', payload: { full: true }, timezone: 'Europe/Paris' })
      store.putCron({ name: 'gone', cron: '* * * * *' })
      store.deleteCron('gone')
      store.markCron('nightly', T0)
      store.markCron('nightly', T0 + 5) // a mark is set once
      store.markCron('hourly', T0 + 7)
      store.append(triggered('run_c', T0 + 9, { cron: 'hourly', scheduledAt: T0 + 3_600_000 }))
      await store.flush()
      store = await factory.reopen(store)
      const state = await store.load()
      expect(state.keys).toEqual([{ taskId: 'mail', key: 'order-1', runId: 'run_k', expiresAt: T0 + 1000 }])
      expect(state.crons).toEqual([{ name: 'nightly', cron: '0 3 * * *', payload: { full: true }, timezone: 'Europe/Paris' }])
      expect(Object.fromEntries(state.cronMarks)).toEqual({ nightly: T0, hourly: T0 + 3_600_000 })
    })

    it('removes ended runs past the retention, and never a run that has not ended', async () => {
      let store = await factory.open()
      for (let i = 0; i < 5; i++) endedRun(store, `run_${i}`, T0 + i * 1000)
      store.append(triggered('run_live', T0 - 5000))
      store.rememberKey({ taskId: 'mail', key: 'k0', runId: 'run_0', expiresAt: T0 + 1e9 })
      await store.flush()
      expect((await store.compact({ endedBefore: T0 + 1500, maxEnded: 100 })).sort()).toEqual(['run_0', 'run_1'])
      expect(await store.compact({ endedBefore: 0, maxEnded: 2 })).toEqual(['run_2'])
      expect(await store.compact({ endedBefore: 0, maxEnded: 2 })).toEqual([])
      await store.flush()
      store = await factory.reopen(store)
      expect([...(await store.load()).runs].map((e) => e[0]!.runId).sort()).toEqual(['run_3', 'run_4', 'run_live'])
      expect(await store.readRun('run_0')).toBeUndefined()
      expect((await store.load()).keys).toEqual([])
      expect((await store.compact({ endedBefore: T0 + 1e9, maxEnded: 0 })).sort()).toEqual(['run_3', 'run_4'])
    })

    it('tells subscribers each durable event once, in order', async () => {
      const store = await factory.open()
      const seen: string[] = []
      const off = store.subscribe((events) => seen.push(...events.map((e) => `${e.runId}:${e.type}`)))
      endedRun(store, 'run_s', T0)
      await store.flush()
      off()
      store.append(triggered('run_t', T0))
      await store.flush()
      expect(seen).toEqual(['run_s:run.triggered', 'run_s:attempt.started', 'run_s:run.completed'])
      await store.close()
    })

    it('refuses writes once closed, with a typed error', async () => {
      const store = await factory.open()
      await store.close()
      expect(() => store.append(triggered('run_x', T0))).toThrow(expect.objectContaining({ code: 'STORE_CLOSED', message: expect.stringMatching(/^Failed to .*closed/) }))
      await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_CLOSED' })
    })

    it('holds 2,000 events of 200 runs written in one turn', async () => {
      let store = await factory.open()
      for (let r = 0; r < 200; r++) {
        store.append(triggered(`run_${r}`, T0 + r))
        for (let i = 0; i < 9; i++) store.append({ type: 'log', runId: `run_${r}`, at: T0 + r, attempt: 1, level: 'info', message: `line ${i}` })
      }
      await store.flush()
      store = await factory.reopen(store)
      const runs = [...(await store.load()).runs]
      expect(runs).toHaveLength(200)
      expect(runs.every((events, r) => events.length === 10 && events[0]!.runId === `run_${r}` && events[9]!.type === 'log')).toBe(true)
    })
  })
}
