// seed 000, "Durable Steps", verbatim but for the import paths and the payload's type
// annotation: backlot infers the payload type from `run`, and an unannotated destructured
// payload has nothing to infer it from (see the report of issue 2).
import { task } from 'backlot'
import { mailer } from '../lib/mailer.js'
import { validateEmail } from '../lib/stubs.js'

export const sendEmail = task({
  id: 'send-email',
  run: async ({ to, subject }: { to: string; subject: string }, { step }) => {
    // Each step is cached — safe to retry
    const validated = await step.run('validate', () => validateEmail(to))
    await step.sleep('cooldown', '1 minute')
    return step.run('send', () => mailer.send(validated, subject))
  },
})
