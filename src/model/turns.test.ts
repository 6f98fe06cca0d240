import { describe, expect, it } from 'vitest'
import { eachTurn } from './turns.js'

describe('eachTurn', () => {
  it('calls a lone watcher on the turns `await null` resumes on, until it returns false', async () => {
    const seen: string[] = []
    let calls = 0
    eachTurn(() => {
      seen.push(`watch ${++calls}`)
      return calls < 3
    })
    for (let i = 1; i <= 4; i++) {
      await null
      seen.push(`await ${i}`)
    }
    expect(seen).toEqual(['watch 1', 'await 1', 'watch 2', 'await 2', 'watch 3', 'await 3', 'await 4'])
  })

  it('never calls a watcher that joins a running chain before `await null` would resume', async () => {
    const seen: string[] = []
    let first = 0
    eachTurn(() => ++first < 5)
    await null
    let calls = 0
    eachTurn(() => {
      seen.push(`watch ${++calls}`)
      return calls < 2
    })
    for (let i = 1; i <= 4; i++) {
      await null
      seen.push(`await ${i}`)
    }
    expect(seen.indexOf('watch 1')).toBeGreaterThan(seen.indexOf('await 1'))
    expect(seen).toContain('watch 2')
  })

  it('shares one microtask a turn between many watchers', async () => {
    const counts = new Array<number>(100).fill(0)
    for (let w = 0; w < 100; w++) eachTurn(() => ++counts[w]! < 10)
    for (let i = 0; i < 15; i++) await null
    expect(new Set(counts)).toEqual(new Set([10]))
  })
})
