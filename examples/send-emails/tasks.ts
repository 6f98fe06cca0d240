import { cron, task } from 'backlot'

interface Email {
  id: string
  to: string
  status: 'pending' | 'dispatched' | 'sent'
}

/** A stand-in email table and mail server; your app would query its database and call its provider. */
export const outbox = {
  emails: new Map<string, Email>(),
  /** Addresses whose mail server answers with a temporary failure. */
  unreachable: new Set<string>(),
  add(...emails: { id: string; to: string }[]): void {
    for (const email of emails) outbox.emails.set(email.id, { ...email, status: 'pending' })
  },
  clear(): void {
    outbox.emails.clear()
    outbox.unreachable.clear()
  },
}

/** The pending emails, claimed so that the next firing does not dispatch them again. */
export async function getPendingEmails(): Promise<Email[]> {
  const pending = [...outbox.emails.values()].filter((email) => email.status === 'pending')
  for (const email of pending) email.status = 'dispatched'
  return pending
}

export async function getEmail(id: string): Promise<Email> {
  const email = outbox.emails.get(id)
  if (!email) throw new Error(`Email ${id} does not exist`)
  return email
}

export async function deliver(email: Email): Promise<void> {
  if (outbox.unreachable.has(email.to)) throw new Error(`SMTP 451: ${email.to} is temporarily unavailable`)
  email.status = 'sent'
}

// Parent cron — runs every 15 minutes (seed 002's fan-out pattern)
export const sendEmails = cron('send-emails', '*/15 * * * *', async (ctx) => {
  const pending = await getPendingEmails()
  for (const email of pending) {
    await ctx.task('send-email', { id: email.id })
  }
  ctx.log(`Dispatched ${pending.length} emails`)
  return { dispatched: pending.length }
})

// Child task — runs independently per email, with its own retries and timeout
export const sendEmail = task(
  'send-email',
  async (ctx, { id }: { id: string }) => {
    const email = await getEmail(id)
    await ctx.step.run('deliver', () => deliver(email))
    ctx.log(`Sent email to ${email.to}`)
  },
  { retries: 2, timeout: '15s' },
)
