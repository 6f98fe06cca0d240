// seed 000, "Define a Task" — app/tasks/send-email.ts, verbatim but for the import paths.
import { task } from 'backlot'
import { mailer } from '../lib/mailer.js'

export const sendEmail = task({
  id: 'send-email',
  run: async ({ to, template }: { to: string; template: string }) => {
    await mailer.send({ to, template })
    return { sent: true }
  },
})
