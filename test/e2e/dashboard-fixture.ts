import { z } from 'zod'
import { cron, NonRetriableError, task } from 'backlot'
import { createDashboardHandler, listen, type Listening } from 'backlot/server'
import { VirtualClock } from '../../src/clock/virtual-clock.js'
import { Engine } from '../../src/engine/engine.js'
import { createPlatformApi, type PlatformApi } from '../../src/platform/create-platform-api.js'

export const KEY = 'sk_e2e_dashboard'

/** The example tasks the dashboard is looked at with: a schema, a retry and a sleep, children, a cron. */
export function exampleTasks() {
  const signup = task({
    id: 'signup',
    schema: z.object({ email: z.string().email(), plan: z.enum(['free', 'pro']) }),
    run: async ({ email, plan }, { step }) => {
      const user = await step.run('create-user', async () => ({ id: `u_${email.split('@')[0]}`, plan }))
      return { user }
    },
  })
  const flakySync = task(
    'flaky-sync',
    async (ctx, payload: { source: string }) => {
      const rows = await ctx.step.run('fetch-rows', async () => {
        if (ctx.attempt === 1) throw new Error('Failed to fetch rows: upstream answered 503', { cause: new Error('socket hang up') })
        return [1, 2, 3]
      })
      ctx.log(`fetched ${rows.length} rows from ${payload.source}`)
      await ctx.step.sleep('cool-down', '10m')
      await ctx.step.run('write-rows', async () => ({ written: rows.length }))
      ctx.log('done')
      return { synced: rows.length }
    },
    { retries: 2 },
  )
  const childWork = task('child-work', async (ctx, payload: { i: number; deep?: boolean }) => {
    if (payload.deep) await ctx.task('child-work', { i: payload.i * 10 })
    await ctx.step.run('work', async () => payload.i * 2)
    return payload.i
  })
  const fanOut = task('fan-out', async (ctx, payload: { count: number }) => {
    for (let i = 1; i <= payload.count; i++) await ctx.task('child-work', { i, deep: i === 1 })
    ctx.log(`fanned out ${payload.count} children`)
    return { spawned: payload.count }
  })
  const echo = task({ id: 'echo', run: async (payload: unknown, { step }) => step.run('echo', async () => payload) })
  const strict = task({
    id: 'strict',
    retry: { maxAttempts: 1 },
    run: async () => {
      throw new NonRetriableError('Failed to charge: card declined')
    },
  })
  const nightly = cron('nightly-report', '0 2 * * *', async (ctx) => {
    ctx.log('report built')
    return { ok: true }
  })
  return { signup, flakySync, childWork, fanOut, echo, strict, nightly }
}

export interface DashboardServer extends Listening {
  engine: Engine
  clock: VirtualClock
  api: PlatformApi
}

/** An engine on a virtual clock, the platform API over it, and the dashboard, served on 127.0.0.1. */
export async function startDashboardServer(options: { assetsDir?: string } = {}): Promise<DashboardServer> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 9))
  const engine = new Engine({ clock, tasks: Object.values(exampleTasks()), seed: 7 })
  const api = createPlatformApi({ engine, secretKeys: [KEY] })
  const handler = createDashboardHandler({ api, secretKey: KEY, ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}) })
  const listening = await listen(handler)
  return {
    ...listening,
    engine,
    clock,
    api,
    async close() {
      api.close()
      engine.dispose()
      await listening.close()
    },
  }
}
