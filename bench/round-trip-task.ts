import { task, type AnyTask } from 'backlot'

/**
 * `steps` steps (the payload), each followed by an hour's sleep, which suspends the invocation.
 * The bench wakes the run as soon as it suspends (`engine.wake`, what a sleep's timer does when
 * its time comes), so every step is one signed POST carrying the journal so far, and no real
 * time is spent waiting. A short sleep would not do on the real clock: the platform's timer
 * waits for the next millisecond, which caps a run at ~1,000 steps/s whatever a round trip costs.
 */
export const roundTripTask: AnyTask = task({
  id: 'round-trip',
  run: async (steps: number, { step }) => {
    let sum = 0
    for (let i = 0; i < steps; i++) {
      sum += await step.run('add', () => i)
      await step.sleep('tick', '1h')
    }
    return sum
  },
})
