import { NonRetriableError, task } from 'backlot'

/** A stand-in mail provider that records what it sent. Swap in your own (Resend, SES, SMTP…). */
export const mailer = {
  sent: [] as { to: string; subject: string; messageId: string }[],
  async send(to: string, subject: string): Promise<{ messageId: string }> {
    const messageId = `msg_${mailer.sent.length + 1}`
    mailer.sent.push({ to, subject, messageId })
    return { messageId }
  },
}

/** Normalizes an address; one that can never be sent to fails the run at once. */
export async function validateEmail(to: string): Promise<string> {
  const address = to.trim().toLowerCase()
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw new NonRetriableError(`"${to}" is not an email address`)
  return address
}

// Seed 000's durable task: each step is cached, so a retry neither validates again nor waits the cooldown again.
export const sendEmail = task({
  id: 'send-email',
  run: async ({ to, subject }: { to: string; subject: string }, { step }) => {
    const validated = await step.run('validate', () => validateEmail(to))
    await step.sleep('cooldown', '1 minute')
    return step.run('send', () => mailer.send(validated, subject))
  },
})

/** Application code, as a sign-up route would call it: a welcome email now, a follow-up an hour later. */
export async function onSignUp(email: string): Promise<{ welcome: string; followUp: string }> {
  const welcome = await sendEmail.trigger({ to: email, subject: 'Welcome!' }, { idempotencyKey: `welcome:${email}` })
  const followUp = await sendEmail.trigger({ to: email, subject: 'How is it going?' }, { delay: '1h', idempotencyKey: `follow-up:${email}` })
  return { welcome: welcome.id, followUp: followUp.id }
}
