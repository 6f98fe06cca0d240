import { describe, expect, it } from 'vitest'
import { ReplayOrder } from './replay-order.js'

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null
}

describe('ReplayOrder', () => {
  it('releases entries in sequence order, whatever order they are asked for in', async () => {
    const order = new ReplayOrder([3, 1, 2])
    const released: number[] = []
    const ask = (seq: number) => order.turn(seq, () => released.push(seq))
    await Promise.all([ask(3), ask(2), ask(1)])
    expect(released).toEqual([1, 2, 3])
    expect(order.busy).toBeUndefined()
  })

  it('lets a released entry run its continuation before releasing the next one', async () => {
    const order = new ReplayOrder([1, 2])
    let flag = false
    let seenByTwo: boolean | undefined
    const one = order.turn(1, () => 1).then(() => turns(3)).then(() => (flag = true))
    const two = order.turn(2, () => (seenByTwo = flag))
    await Promise.all([one, two])
    expect(seenByTwo).toBe(true)
  })

  it('releases the earliest entry asked for when the one before it is never asked for', async () => {
    const order = new ReplayOrder([1, 2, 3])
    const released: number[] = []
    await Promise.all([order.turn(3, () => released.push(3)), order.turn(2, () => released.push(2))])
    expect(released).toEqual([2, 3])
    // Asked for late, after later entries went: released at once, without waiting again.
    let late = false
    void order.turn(1, () => (late = true))
    expect(late).toBe(true)
  })

  it('resolves at once an entry it has no sequence number for', async () => {
    const order = new ReplayOrder([1])
    let done = false
    void order.turn(7, () => (done = true))
    await null
    expect(done).toBe(true)
  })
})
