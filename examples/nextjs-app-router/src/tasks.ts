import { task } from 'backlot'

// Seed 000's task, as an app defines it: steps run once, a cooldown sleep in between.
export const sendEmail = task({
  id: 'send-email',
  retry: { maxAttempts: 3, backoff: 'exponential' },
  run: async (payload: { to: string; subject: string }, { step }) => {
    const address = await step.run('validate', () => payload.to.trim().toLowerCase())
    await step.sleep('cooldown', '1s')
    return step.run('send', () => ({ sent: true, to: address, subject: payload.subject }))
  },
})
