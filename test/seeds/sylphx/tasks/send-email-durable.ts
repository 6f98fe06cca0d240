// seed 000, "Durable Steps", verbatim but for the import paths.
import { task } from 'backlot'
import { mailer } from '../lib/mailer.js'
import { validateEmail } from '../lib/stubs.js'

export const sendEmail = task({
  id: 'send-email',
  run: async ({ to, subject }, { step }) => {
    // Each step is cached — safe to retry
    const validated = await step.run('validate', () => validateEmail(to))
    await step.sleep('cooldown', '1 minute')
    return step.run('send', () => mailer.send(validated, subject))
  },
})
