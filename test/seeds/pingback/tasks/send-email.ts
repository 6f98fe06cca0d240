// seed 002, "Defining a Task", verbatim but for the import paths.
import { task } from 'backlot'
import { deliver, getEmail } from '../lib/stubs.js'

export const sendEmail = task(
  "send-email",
  async (ctx, { id }: { id: string }) => {
    const email = await getEmail(id);
    await deliver(email);
    ctx.log(`Sent email to ${email.to}`);
  },
  { retries: 2, timeout: "15s" }
);
