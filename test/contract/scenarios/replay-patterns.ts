import { describe, expect, it } from 'vitest'
import { NonRetriableError, getTransport, task } from 'backlot'
import type { Harness } from '../harness.js'
import { START, iso, record } from '../support.js'

// Patterns from the SDK tests of Inngest (packages/inngest/src/test/functions) and Trigger.dev,
// each followed by a sleep so that the result must survive a replay.
export function replayPatterns(h: Harness): void {
  describe('replay: patterns from other durable-execution SDKs', () => {
    it("replays caught step failures with their cause, inside Promise.all too (Inngest's handling-step-errors)", async () => {
      const ran: string[] = []
      const handling = task({
        id: 'replay-handling-step-errors',
        run: async (_: void, { step }) => {
          let b: string
          try {
            await step.run('a', () => {
              ran.push('a')
              throw new Error('Oh no!', { cause: new Error('This is the cause') })
            })
            b = 'unreachable'
          } catch (err) {
            const e = err as Error
            b = await step.run('b', () => `err was: "${e.message}" and the cause was: "${(e.cause as Error).message}"`)
          }
          const [c, e] = await Promise.all([
            step.run('c succeeds', () => 'c succeeds'),
            step
              .run('d fails', () => {
                ran.push('d')
                throw new Error('D failed!')
              })
              .catch((err: Error) => step.run('e succeeds', () => ({ errMessage: err.message }))),
          ])
          await step.sleep('nap', '1m')
          return { b, c, e }
        },
      })
      await h.setup([handling])
      const handle = await handling.trigger()
      await h.runUntilIdle()
      expect(ran).toEqual(['a', 'd'])
      const done = await record(handle.id)
      expect(done).toMatchObject({
        status: 'completed',
        attempts: 1,
        result: { b: 'err was: "Oh no!" and the cause was: "This is the cause"', c: 'c succeeds', e: { errMessage: 'D failed!' } },
      })
      expect(done.steps.find((s) => s.key === 'a')?.error).toMatchObject({ message: 'Oh no!', cause: { message: 'This is the cause' } })
    })

    it("returns from a try/catch around a step that threw a NonRetriableError (Inngest's try-catch-broken)", async () => {
      const graceful = task({
        id: 'replay-try-catch',
        retry: { maxAttempts: 2 },
        run: async (_: void, { step }) => {
          try {
            await step.run('failing-step', () => {
              throw new NonRetriableError('This should be caught')
            })
            return "This shouldn't be returned"
          } catch {
            await step.sleep('nap', '1m')
            return 'Gracefully handled error!'
          }
        },
      })
      await h.setup([graceful])
      const handle = await graceful.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 1, result: 'Gracefully handled error!' })
    })

    it("adds up steps started in parallel by an async reduce (Inngest's parallel-reduce)", async () => {
      const scores: Record<string, number> = { blue: 50, red: 25, green: 75 }
      const calls: string[] = []
      const reduce = task({
        id: 'replay-parallel-reduce',
        run: async (_: void, { step }) => {
          const total = await Object.keys(scores).reduce(async (score, team) => {
            const teamScore = await step.run(`Get ${team} team score`, () => (calls.push(team), scores[team]!))
            return (await score) + teamScore
          }, Promise.resolve(0))
          await step.sleep('nap', '1m')
          return total
        },
      })
      await h.setup([reduce])
      const handle = await reduce.trigger()
      await h.runUntilIdle()
      expect(calls).toEqual(['blue', 'red', 'green'])
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 150 })
    })

    it("replays a chain of steps running beside a Promise.all of steps (Inngest's parallel-work)", async () => {
      const calls: string[] = []
      const work = task({
        id: 'replay-parallel-work',
        run: async (_: void, { step }) => {
          const run = <T>(name: string, value: T) => step.run(name, () => (calls.push(name), value))
          const getScore = async () => {
            let score = await run('First score', 1)
            score += await run('Second score', 2)
            score += await run('Third score', 3)
            return score
          }
          const getFruits = async () => Promise.all([run('Get apple', 'Apple'), run('Get banana', 'Banana'), run('Get orange', 'Orange')])
          const both = await Promise.all([getScore(), getFruits().then((fruits) => fruits.join(', '))])
          await step.sleep('nap', '1m')
          return both
        },
      })
      await h.setup([work])
      const handle = await work.trigger()
      await h.runUntilIdle()
      expect(calls.sort()).toEqual(['First score', 'Get apple', 'Get banana', 'Get orange', 'Second score', 'Third score'])
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: [6, 'Apple, Banana, Orange'] })
    })

    it("replays steps that returned nothing as undefined, in sequence and in parallel (Inngest's undefined-data)", async () => {
      const seen: unknown[][] = []
      const empty = task({
        id: 'replay-undefined-data',
        run: async (_: void, { step }) => {
          const first = await step.run('step1', () => {})
          const all = await Promise.all([step.run('step2res', () => 'step2res'), step.run('step2nores', () => {}), step.run('step2res2', () => 'step2res2')])
          seen.push([first, ...all])
          await step.sleep('nap', '1m')
          return 'done'
        },
      })
      await h.setup([empty])
      const handle = await empty.trigger()
      await h.runUntilIdle()
      expect(seen).toEqual([
        [undefined, 'step2res', undefined, 'step2res2'],
        [undefined, 'step2res', undefined, 'step2res2'],
      ])
      expect((await record(handle.id)).status).toBe('completed')
    })

    it('does not start the child of a triggerAndWait the parent left behind by returning first (Trigger.dev)', async () => {
      const child = task({ id: 'replay-unwanted-child', run: async () => 'child' })
      const parent = task({
        id: 'replay-racing-parent',
        run: async (_: void, { step }) => Promise.race([child.triggerAndWait(), step.run('quick', () => 'quick')]),
      })
      await h.setup([parent, child], { now: START })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'quick', completedAt: iso(START), children: [] })
      expect(done.steps.map((s) => [s.key, s.kind, s.status])).toEqual([
        ['quick', 'run', 'completed'],
        ['triggerAndWait:replay-unwanted-child', 'wait', 'abandoned'],
      ])
      expect(await getTransport().listRuns({ taskId: 'replay-unwanted-child' })).toEqual([])
    })
  })
}
