// Type-checked by a consumer tsc with strict, exactOptionalPropertyTypes and skipLibCheck:
// every entry point's declarations, as a user's code meets them.
import { cancelTask, configure, cron, getTask, NonRetriableError, serve, task, type RunRecord, type TaskPayload, type TaskResult } from 'backlot'
import { Engine, VirtualClock, createPlatformApi } from 'backlot/host'
import { listen, serveNode } from 'backlot/server'
import { createTestEngine } from 'backlot/testing'

export const sendEmail = task({
  id: 'send-email',
  retry: { maxAttempts: 3, backoff: 'exponential' },
  timeout: '15s',
  run: async (payload: { to: string; subject: string }, { step, log }) => {
    log.info('sending', { to: payload.to })
    if (!payload.to.includes('@')) throw new NonRetriableError('not an address')
    await step.sleep('cooldown', '1 minute')
    return step.run('send', () => ({ sent: true as const, at: new Date() }))
  },
})

export const nightly = cron('nightly', '0 3 * * *', async (ctx) => {
  await ctx.task('send-email', { to: 'ops@example.com', subject: 'nightly' })
  return { ok: true }
}, { retries: 2, timezone: 'Europe/Paris' })

const payload: TaskPayload<typeof sendEmail> = { to: 'a@b.c', subject: 'hi' }
export async function flow(): Promise<string> {
  const handle = await sendEmail.trigger(payload, { delay: '1h', idempotencyKey: 'k' })
  const result: TaskResult<typeof sendEmail> = await sendEmail.triggerAndWait(payload)
  const at: string = result.at
  const record: RunRecord = await getTask({ secretKey: 'sk', ref: 'dev' }, handle.id)
  await cancelTask(undefined, handle.id)
  configure({ transport: 'embedded' })
  return `${at} ${record.status}`
}

export const { GET, POST } = serve({ tasks: [sendEmail, nightly] })
export const node = serveNode({ tasks: [sendEmail] })
export const engine = new Engine({ clock: new VirtualClock(0) })
export const api = createPlatformApi({ engine, secretKeys: ['sk'] })
export const listening: typeof listen = listen
export async function testing(): Promise<void> {
  await using kit = createTestEngine({ tasks: [sendEmail] })
  await kit.advance('1h')
}
