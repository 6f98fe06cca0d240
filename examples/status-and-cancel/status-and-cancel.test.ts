import { getTask, RunNotFoundError } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { accounts, deleteAccount, deletionStatus, requestDeletion, undoDeletion } from './tasks.js'

const START = '2026-09-01T10:00:00Z'
const config = {}

describe('deleting an account, with its status and an undo', () => {
  beforeEach(() => {
    accounts.users.clear()
    accounts.add('u1')
    accounts.eraseMs = 200
    accounts.abortedErases.length = 0
  })

  // fakeGlobals: the erase's setTimeout runs on the virtual clock too.
  const newEngine = () => createTestEngine({ tasks: [deleteAccount], now: START, fakeGlobals: true }).use()

  it('shows the run waiting through the grace period, then completed, in the seed’s status shape', async () => {
    await using engine = newEngine()
    const runId = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days' })
    await engine.advance('1 day')
    expect(await deletionStatus(config, runId)).toBe('can be undone until 2026-09-08T10:00:00.000Z')
    expect(await getTask(config, runId)).toMatchObject({ status: 'running', startedAt: '2026-09-01T10:00:00.000Z', completedAt: null })
    expect(accounts.get('u1')).toEqual({ login: false, data: 'present' })

    await engine.advance('6 days 1s')
    expect(await getTask(config, runId)).toMatchObject({
      id: runId,
      status: 'completed',
      createdAt: '2026-09-01T10:00:00.000Z',
      startedAt: '2026-09-01T10:00:00.000Z',
      completedAt: '2026-09-08T10:00:00.200Z', // the erase takes 200 ms
      result: { userId: 'u1', erased: true },
    })
    expect(accounts.get('u1').data).toBe('erased')
  })

  it('ends the run at once when undone during the grace period: nothing erased, login back', async () => {
    await using engine = newEngine()
    const runId = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days' })
    await engine.advance('3 days')
    expect(await undoDeletion(config, runId)).toMatchObject({ status: 'cancelled', completedAt: '2026-09-04T10:00:00.000Z', waitingFor: null })
    await engine.advance('7 days')
    expect(await deletionStatus(config, runId)).toBe('cancelled')
    expect(runId).not.toHaveRunStep('erase-data')
    expect(accounts.get('u1')).toEqual({ login: true, data: 'present' })
  })

  it('starts one deletion for a double-submitted request, and a new one for a request after an undo', async () => {
    await using engine = newEngine()
    const first = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days' })
    await engine.advance('1 hour')
    expect(await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days' })).toBe(first)
    await undoDeletion(config, first)
    // The cancelled run keeps its key: the same request id still names it…
    expect(await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days' })).toBe(first)
    // …and a new request starts a new deletion.
    const second = await requestDeletion({ userId: 'u1', requestId: 'req_2', gracePeriod: '7 days' })
    await engine.runUntilIdle()
    expect(engine.runs().map((r) => [r.id, r.status])).toEqual([
      [first, 'cancelled'],
      [second, 'completed'],
    ])
    expect(accounts.get('u1').data).toBe('erased')
  })

  it('never starts a deletion scheduled for a date and undone before it', async () => {
    await using engine = newEngine()
    const runId = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '7 days', at: new Date('2026-10-01T00:00:00Z') })
    expect(await deletionStatus(config, runId)).toBe('scheduled for 2026-10-01T00:00:00.000Z')
    await undoDeletion(config, runId)
    await engine.advanceTo('2026-11-01T00:00:00Z')
    expect(await getTask(config, runId)).toMatchObject({ status: 'cancelled', startedAt: null, attempts: 0, steps: [] })
    expect(accounts.get('u1')).toEqual({ login: true, data: 'present' })
  })

  it('aborts the signal of an attempt that is erasing when cancelled, and discards its outcome', async () => {
    await using engine = newEngine()
    accounts.eraseMs = 30_000
    const runId = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '1 hour' })
    await engine.advance('1h 10s')
    expect(await deletionStatus(config, runId)).toBe('erasing')
    await undoDeletion(config, runId)
    await engine.runUntilIdle()
    expect(await getTask(config, runId)).toMatchObject({ status: 'cancelled', completedAt: '2026-09-01T11:00:10.000Z' })
    expect(accounts.abortedErases).toEqual(['u1'])
    expect(await getTask(config, runId)).not.toHaveProperty('result')
    expect(accounts.get('u1').data).toBe('present')
  })

  it('changes nothing when a run that has ended is cancelled', async () => {
    await using engine = newEngine()
    const runId = await requestDeletion({ userId: 'u1', requestId: 'req_1', gracePeriod: '1 minute' })
    await engine.runUntilIdle()
    expect(await undoDeletion(config, runId)).toMatchObject({ status: 'completed', completedAt: '2026-09-01T10:01:00.200Z', result: { userId: 'u1', erased: true } })
    expect(accounts.get('u1')).toEqual({ login: false, data: 'erased' })
  })

  it('rejects a run id that does not exist with RunNotFoundError', async () => {
    await using _engine = newEngine()
    await expect(getTask(config, 'run_missing')).rejects.toThrow(RunNotFoundError)
  })
})
