import { cron, task } from 'backlot'

/** A stand-in outbox: what the cron finds pending, and what was delivered. */
export const outbox = {
  pending: [] as { id: string; to: string }[],
  delivered: [] as string[],
}

export async function getPendingEmails(): Promise<{ id: string; to: string }[]> {
  return outbox.pending.splice(0)
}

// Parent cron — runs every 15 minutes (seed 002's fan-out pattern)
export const sendEmails = cron('send-emails', '*/15 * * * *', async (ctx) => {
  const pending = await getPendingEmails()
  for (const email of pending) {
    await ctx.task('send-email', { id: email.id, to: email.to })
  }
  ctx.log(`Dispatched ${pending.length} emails`)
  return { dispatched: pending.length }
})

// Child task — runs independently per email, with its own retries and timeout
export const sendEmail = task(
  'send-email',
  async (ctx, { id, to }: { id: string; to: string }) => {
    await ctx.step.run('deliver', async () => {
      outbox.delivered.push(id)
      return { id, to }
    })
    ctx.log(`Sent email ${id} to ${to}`)
  },
  { retries: 2, timeout: '15s' },
)
