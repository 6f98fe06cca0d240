import { describe, expect, it } from 'vitest'
import { task } from 'backlot'
import type { Harness } from '../harness.js'
import { MINUTE, START, afterTurns, iso, record } from '../support.js'

export function replayOrder(h: Harness): void {
  describe('replay: completion order', () => {
    it('keeps the winner of a Promise.race of two steps when the run replays', async () => {
      const winners: string[] = []
      const racing = task({
        id: 'replay-race-steps',
        run: async (_: void, { step }) => {
          const winner = await Promise.race([step.run('slow', () => afterTurns(20, 'slow')), step.run('fast', () => 'fast')])
          winners.push(winner)
          await step.sleep('nap', '1m')
          return winner
        },
      })
      await h.setup([racing], { now: START })
      const handle = await racing.trigger()
      await h.runUntilIdle()
      expect(winners).toEqual(['fast', 'fast'])
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'fast', completedAt: iso(START + MINUTE) })
      // Both steps ran once, the fast one first, and both are journaled.
      expect(done.steps.map((s) => [s.key, s.status])).toEqual([
        ['fast', 'completed'],
        ['slow', 'completed'],
        ['nap', 'completed'],
      ])
    })

    it('keeps the winner of a Promise.race of two sleeps after the loser wakes too', async () => {
      const winners: string[] = []
      const racing = task({
        id: 'replay-race-sleeps',
        run: async (_: void, { step }) => {
          const winner = await Promise.race([
            step.sleep('long', '2m').then(() => 'long'),
            step.sleep('short', '1m').then(() => 'short'),
          ])
          winners.push(winner)
          await step.sleep('after', '5m')
          return winner
        },
      })
      await h.setup([racing], { now: START })
      const handle = await racing.trigger()
      await h.runUntilIdle()
      // Woken at 1 m (short), 2 m (long) and 6 m (after): every replay sees the same winner.
      expect(winners).toEqual(['short', 'short', 'short'])
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 'short', completedAt: iso(START + 6 * MINUTE) })
    })

    it('settles journaled steps in the order they completed, not the order the handler asks for them', async () => {
      const settled: string[][] = []
      const ordered = task({
        id: 'replay-settle-order',
        run: async (_: void, { step }) => {
          const seen: string[] = []
          settled.push(seen)
          const note = (name: string) => (value: string) => (seen.push(name), value)
          await Promise.all([
            step.run('c', () => afterTurns(30, 'c')).then(note('c')),
            step.run('b', () => afterTurns(15, 'b')).then(note('b')),
            step.run('a', () => 'a').then(note('a')),
          ])
          await step.sleep('nap', '1m')
          return seen
        },
      })
      await h.setup([ordered], { now: START })
      const handle = await ordered.trigger()
      await h.runUntilIdle()
      expect(settled).toEqual([
        ['a', 'b', 'c'],
        ['a', 'b', 'c'],
      ])
      expect((await record(handle.id)).result).toEqual(['a', 'b', 'c'])
    })
  })
}
