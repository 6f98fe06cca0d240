import { NonRetriableError, TaskRunFailedError, task } from 'backlot'

/** A stand-in email provider: each send takes `latencyMs`; a `bounced` address does not exist. */
export const provider = {
  latencyMs: 200,
  bounced: new Set(['nobody@example.invalid']),
  sent: [] as { to: string; issue: number }[],
  async send(to: string, issue: number): Promise<{ messageId: string }> {
    await new Promise((resolve) => setTimeout(resolve, provider.latencyMs))
    if (provider.bounced.has(to)) throw new NonRetriableError(`The mailbox ${to} does not exist`)
    provider.sent.push({ to, issue })
    return { messageId: `msg_${issue}_${provider.sent.length}` }
  },
}

// One run per subscriber; the provider allows two sends at a time, so the task says `concurrency: 2`.
export const sendNewsletter = task({
  id: 'send-newsletter',
  concurrency: 2,
  run: async ({ to, issue }: { to: string; issue: number }, { step }) => {
    return step.run('send', () => provider.send(to, issue))
  },
})

export type Delivery = { to: string; runId: string } & ({ messageId: string } | { error: string })

/**
 * Sends an issue to every subscriber with one `batchTrigger`, then waits for every run (seed 000's
 * batch shape, with `allSettled` so that one bounce does not hide the other results). Each item's
 * idempotency key makes sending the same issue again start nothing new.
 */
export async function sendIssue(issue: number, subscribers: string[]): Promise<Delivery[]> {
  const batch = await sendNewsletter.batchTrigger(
    subscribers.map((to) => ({ payload: { to, issue }, options: { idempotencyKey: `newsletter-${issue}:${to}` } })),
  )
  const outcomes = await Promise.allSettled(batch.runs.map((handle) => handle.waitForCompletion()))
  return outcomes.map((outcome, i) => {
    const delivery = { to: subscribers[i]!, runId: batch.runs[i]!.id }
    return outcome.status === 'fulfilled' ? { ...delivery, ...outcome.value } : { ...delivery, error: failureOf(outcome.reason) }
  })
}

/** The run's own error message, without the "Run … failed:" wrapping of TaskRunFailedError. */
function failureOf(reason: unknown): string {
  return TaskRunFailedError.is(reason) ? reason.error.message : String(reason)
}
