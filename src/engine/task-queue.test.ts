import { describe, expect, it } from 'vitest'
import { TaskQueue } from './task-queue.js'

describe('TaskQueue', () => {
  it('hands out slots first come first served, up to the limit', () => {
    const q = new TaskQueue<string>(1)
    for (const id of ['a', 'b', 'c']) q.wait(id)
    expect(q.take()).toBe('a')
    q.running = 1
    expect(q.take()).toBeUndefined()
    q.running = 0
    expect([q.take(), q.take(), q.take()]).toEqual(['b', 'c', undefined])
  })

  it('skips a removed waiter and counts only those still waiting', () => {
    const q = new TaskQueue<string>(10)
    for (const id of ['a', 'b', 'c']) q.wait(id)
    q.remove('b')
    q.remove('not-queued')
    expect(q.waitingCount).toBe(2)
    expect(q.hasSlot()).toBe(false)
    expect([q.take(), q.take(), q.take()]).toEqual(['a', 'c', undefined])
    expect(q.hasSlot()).toBe(true)
  })

  it('puts a waiter removed then queued again at the back, once', () => {
    const q = new TaskQueue<string>(10)
    for (const id of ['a', 'b', 'c']) q.wait(id)
    q.remove('a')
    q.wait('a')
    expect([q.take(), q.take(), q.take(), q.take()]).toEqual(['b', 'c', 'a', undefined])
  })

  it('keeps its order across the compaction of a long line', () => {
    const q = new TaskQueue<number>(Number.POSITIVE_INFINITY)
    for (let i = 0; i < 5000; i++) q.wait(i)
    for (let i = 0; i < 5000; i += 2) q.remove(i)
    const taken: number[] = []
    for (let next = q.take(); next !== undefined; next = q.take()) taken.push(next)
    expect(taken).toEqual(Array.from({ length: 2500 }, (_, i) => i * 2 + 1))
  })
})
