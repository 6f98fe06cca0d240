// The Next.js route of the seed, as a user writes it: one task served, and a trigger.
import { serve, task } from 'backlot'

export const sendEmail = task({
  id: 'send-email',
  run: async (payload: { to: string }, { step }) => step.run('send', () => ({ sent: payload.to })),
})

export const { GET, POST } = serve({ tasks: [sendEmail] })

export async function kick(): Promise<string> {
  return (await sendEmail.trigger({ to: 'a@example.com' })).id
}
