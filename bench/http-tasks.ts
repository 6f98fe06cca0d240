import { task, type AnyTask } from 'backlot'

/** The tasks of bench/http-steps.ts, shared by the platform process and the app process. */
export const A_STEPS = 5_000
export const B1_STEPS = 300
export const B2_RUNS = 50
export const B2_STEPS = 40

/** `n` steps run inline in one invocation. */
const inline = (n: number): AnyTask =>
  task({
    id: `inline-${n}`,
    run: async (_: void, { step }) => {
      let sum = 0
      for (let i = 0; i < n; i++) sum += await step.run('add', () => i)
      return sum
    },
  })

/** `n` steps, each followed by a 1 ms sleep: one invocation (one POST) per step. */
const perStep = (n: number): AnyTask =>
  task({
    id: `per-step-${n}`,
    run: async (_: void, { step }) => {
      let sum = 0
      for (let i = 0; i < n; i++) {
        sum += await step.run('add', () => i)
        await step.sleep('tick', 1)
      }
      return sum
    },
  })

export const benchTasks = [inline(A_STEPS), perStep(B1_STEPS), perStep(B2_STEPS)] as const
