import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../src/clock/virtual-clock.js'
import { Engine } from 'backlot/host'
import { DATA_FILE, openSqliteRunStore } from '../../src/server/store/sqlite-run-store.js'
import { FORMAT_VERSION } from '../../src/server/store/sqlite-schema.js'
import type { RunStore } from '../../src/store/run-store.js'
import { recoveryContract } from './recovery-contract.js'
import { storeContract } from './store-contract.js'
import type { StoreFactory } from './store-factory.js'

/** Each test's stores live in their own temporary directory, removed afterwards. */
function sqliteFactory(): StoreFactory & { dir(): string } {
  let dir: string | undefined
  const open = new Set<RunStore>()
  const track = (store: RunStore): RunStore => (open.add(store), store)
  return {
    name: 'SQLite (disk)',
    dir: () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-store-'))),
    async open() {
      return track(openSqliteRunStore(this.dir()))
    },
    async reopen(store) {
      await store.close()
      open.delete(store)
      return track(openSqliteRunStore(this.dir()))
    },
    async cleanup() {
      for (const store of open) await store.close()
      open.clear()
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
      dir = undefined
    },
  }
}

const factory = sqliteFactory()
storeContract(factory)
recoveryContract(factory)

describe('the SQLite store on disk', () => {
  afterEach(() => factory.cleanup())
  const T0 = Date.UTC(2026, 0, 1)

  it('writes its format version and refuses a file from a newer backlot', async () => {
    const store = await factory.open()
    await store.close()
    const file = path.join(factory.dir(), DATA_FILE)
    const db = new Database(file)
    expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION)
    db.pragma(`user_version = ${FORMAT_VERSION + 1}`)
    db.close()
    expect(() => openSqliteRunStore(factory.dir())).toThrow(expect.objectContaining({ code: 'STORE_TOO_NEW', message: expect.stringMatching(/^Failed to open .*Upgrade backlot/) }))
  })

  it('refuses a second process on the same directory, and a file that is not a database', async () => {
    await factory.open()
    expect(() => openSqliteRunStore(factory.dir())).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }))
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-store-'))
    try {
      fs.writeFileSync(path.join(other, DATA_FILE), 'not a database, just text '.repeat(200))
      expect(() => openSqliteRunStore(other)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('Move the file aside') }))
      expect(fs.readFileSync(path.join(other, DATA_FILE), 'utf8')).toMatch(/^not a database/)
    } finally {
      fs.rmSync(other, { recursive: true, force: true })
    }
  })

  it('keeps what a failed write held, in order, and writes it with the next flush', async () => {
    const store = await factory.open()
    const sql = (store as unknown as { sql: { writeEvent: (...args: unknown[]) => void } }).sql
    const write = sql.writeEvent.bind(sql)
    sql.writeEvent = () => {
      throw new Error('disk I/O error')
    }
    store.append({ type: 'run.triggered', runId: 'run_1', at: T0, taskId: 't', payload: 1 })
    await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_WRITE_FAILED', message: expect.stringMatching(/^Failed to write 1 change\(s\) to .*disk I\/O error\. Free disk space/) })
    sql.writeEvent = write
    store.append({ type: 'attempt.started', runId: 'run_1', at: T0 + 1, attempt: 1 })
    await store.flush()
    expect((await store.readRun('run_1'))?.map((e) => e.type)).toEqual(['run.triggered', 'attempt.started'])
  })

  it('leaves out a run whose stored event does not parse, and starts with the rest', async () => {
    const store = await factory.open()
    for (const runId of ['run_ok', 'run_bad']) store.append({ type: 'run.triggered', runId, at: T0, taskId: 't', payload: 1, delayUntil: T0 + 3_600_000 })
    await store.close()
    const db = new Database(path.join(factory.dir(), DATA_FILE))
    db.prepare("UPDATE events SET body = '{not json' WHERE run_id = 'run_bad'").run()
    db.close()
    const reopened = openSqliteRunStore(factory.dir())
    const engine = new Engine({ store: reopened, clock: new VirtualClock(T0) })
    const report = await engine.recover()
    expect(report).toMatchObject({ runs: 1, unreadable: ['run_bad'] })
    expect(engine.get('run_ok')?.status).toBe('pending')
    engine.dispose()
    await reopened.close()
  })

  it('recovers the last whole commit when the last write to the log is torn', async () => {
    const store = await factory.open()
    store.append({ type: 'run.triggered', runId: 'run_kept', at: T0, taskId: 't', payload: 1 })
    await store.flush()
    const wal = path.join(factory.dir(), `${DATA_FILE}-wal`)
    const committed = fs.statSync(wal).size
    store.append({ type: 'run.triggered', runId: 'run_torn', at: T0 + 1, taskId: 't', payload: 'x'.repeat(5000) })
    await store.flush()
    // Copy the files as a crash would leave them, cutting the second commit in the middle.
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), 'backlot-store-'))
    try {
      fs.copyFileSync(path.join(factory.dir(), DATA_FILE), path.join(crashed, DATA_FILE))
      const bytes = fs.readFileSync(wal)
      expect(bytes.length).toBeGreaterThan(committed + 4096)
      fs.writeFileSync(path.join(crashed, `${DATA_FILE}-wal`), bytes.subarray(0, committed + 3000))
      const reopened = openSqliteRunStore(crashed)
      expect([...(await reopened.load()).runs].map((events) => events[0]!.runId)).toEqual(['run_kept'])
      reopened.append({ type: 'run.triggered', runId: 'run_after', at: T0 + 2, taskId: 't', payload: 2 })
      await reopened.close()
      const again = openSqliteRunStore(crashed)
      expect([...(await again.load()).runs].map((events) => events[0]!.runId)).toEqual(['run_kept', 'run_after'])
      await again.close()
      const check = new Database(path.join(crashed, DATA_FILE), { readonly: true, fileMustExist: true })
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
      check.close()
    } finally {
      fs.rmSync(crashed, { recursive: true, force: true })
    }
  })
})
