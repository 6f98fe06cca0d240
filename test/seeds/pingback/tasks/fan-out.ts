// seed 002, "Fan-Out Pattern", verbatim but for the import paths.
import { cron, task } from 'backlot'
import { deliver, getEmail, getPendingEmails } from '../lib/stubs.js'

// Parent cron — runs every 15 minutes
export const sendEmails = cron(
  "send-emails",
  "*/15 * * * *",
  async (ctx) => {
    const pending = await getPendingEmails();

    for (const email of pending) {
      await ctx.task("send-email", { id: email.id });
    }

    ctx.log(`Dispatched ${pending.length} emails`);
    return { dispatched: pending.length };
  }
);

// Child task — runs independently per email
export const sendEmail = task(
  "send-email",
  async (ctx, { id }: { id: string }) => {
    const email = await getEmail(id);
    await deliver(email);
    ctx.log(`Sent email to ${email.to}`);
  },
  { retries: 2, timeout: "15s" }
);
