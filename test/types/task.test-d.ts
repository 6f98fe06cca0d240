import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { cron, task, type Jsonified, type RunHandle, type Task, type TaskContext, type TaskPayload, type TaskResult } from 'backlot'

describe('task({ id, run }) (seed 000)', () => {
  const sendEmail = task({
    id: 'send-email',
    run: async ({ to, template }: { to: string; template: string }) => {
      void to
      void template
      return { sent: true }
    },
  })

  it('infers the payload from run and the result from its return', () => {
    expectTypeOf(sendEmail).toEqualTypeOf<Task<{ to: string; template: string }, { sent: boolean }>>()
    expectTypeOf<TaskPayload<typeof sendEmail>>().toEqualTypeOf<{ to: string; template: string }>()
    expectTypeOf<TaskResult<typeof sendEmail>>().toEqualTypeOf<{ sent: boolean }>()
  })

  it('types trigger() with the payload and returns a handle of the result', () => {
    expectTypeOf(sendEmail.trigger).parameter(0).toEqualTypeOf<{ to: string; template: string }>()
    expectTypeOf(sendEmail.trigger({ to: 'a', template: 'b' })).toEqualTypeOf<Promise<RunHandle<{ sent: boolean }>>>()
    expectTypeOf<RunHandle<{ sent: boolean }>['waitForCompletion']>().returns.toEqualTypeOf<Promise<{ sent: boolean }>>()
    expectTypeOf<RunHandle<{ sent: boolean }>['id']>().toEqualTypeOf<string>()
    // @ts-expect-error the payload is checked
    void sendEmail.trigger({ to: 'a' })
    // @ts-expect-error a payload is required
    void sendEmail.trigger()
  })

  it('types triggerAndWait() as the result after the JSON round trip', () => {
    expectTypeOf(sendEmail.triggerAndWait({ to: 'a', template: 'b' })).toEqualTypeOf<Promise<{ sent: boolean }>>()
    const dated = task({ id: 'dated', run: async (_: void) => ({ at: new Date(), tags: [new Date()], n: 1 }) })
    expectTypeOf(dated.triggerAndWait()).toEqualTypeOf<Promise<{ at: string; tags: string[]; n: number }>>()
  })

  it('types batchTrigger() with payloads or { payload, options } items and returns handles', () => {
    expectTypeOf(sendEmail.batchTrigger([{ to: 'a', template: 'b' }])).toEqualTypeOf<Promise<{ runs: RunHandle<{ sent: boolean }>[] }>>()
    void sendEmail.batchTrigger([{ payload: { to: 'a', template: 'b' }, options: { delay: '1h' } }])
    // @ts-expect-error each payload is checked
    void sendEmail.batchTrigger([{ to: 1 }])
  })

  it('makes trigger() take no payload when run declares none', () => {
    const ping = task({ id: 'ping', run: async () => 'pong' as const })
    expectTypeOf(ping).toEqualTypeOf<Task<void, 'pong'>>()
    void ping.trigger()
    expectTypeOf(ping.triggerAndWait()).toEqualTypeOf<Promise<'pong'>>()
  })

  it('accepts seed 000’s unannotated destructured payload, typing it as any', () => {
    const durable = task({
      id: 'durable',
      run: async ({ to, subject }, { step }) => {
        expectTypeOf(step).toEqualTypeOf<TaskContext['step']>()
        return step.run('send', () => `${to}:${subject}`)
      },
    })
    // Nothing declares the payload's type, so it is `any`, as in seed 000's SDK; annotate it to check it.
    expectTypeOf(durable.trigger).parameter(0).toBeAny()
    expectTypeOf(durable.triggerAndWait({ to: 'a', subject: 'b' })).toEqualTypeOf<Promise<string>>()
  })

  it('types the context and step results', () => {
    task({
      id: 'ctx',
      run: async (_: void, ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<TaskContext>()
        expectTypeOf(await ctx.step.run('date', () => new Date())).toEqualTypeOf<string>()
        expectTypeOf(await ctx.step.run('obj', async () => ({ when: new Date(), ok: true }))).toEqualTypeOf<{ when: string; ok: boolean }>()
        expectTypeOf(await ctx.step.run('retried', () => 1, { retries: 2 })).toEqualTypeOf<number>()
        // @ts-expect-error retries is a number
        void ctx.step.run('bad', () => 1, { retries: 'twice' })
        expectTypeOf(ctx.step.sleep('nap', '1h')).toEqualTypeOf<Promise<void>>()
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>()
        expectTypeOf(ctx.attempt).toEqualTypeOf<number>()
      },
    })
  })
})

describe('task({ id, schema, run }) with a zod schema', () => {
  const signup = task({
    id: 'signup',
    schema: z.object({ email: z.string().email(), plan: z.enum(['free', 'pro']).default('free') }),
    run: async (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ email: string; plan: 'free' | 'pro' }>()
      return { id: 1 }
    },
  })

  it('takes the schema’s input type at trigger and gives run its output type', () => {
    expectTypeOf(signup.trigger).parameter(0).toEqualTypeOf<{ email: string; plan?: 'free' | 'pro' | undefined }>()
    expectTypeOf(signup.triggerAndWait({ email: 'a@b.c' })).toEqualTypeOf<Promise<{ id: number }>>()
    // @ts-expect-error the schema's input type is enforced
    void signup.trigger({ email: 1 })
  })
})

describe('task(name, handler, options) and cron() (seed 002)', () => {
  const sendEmail = task(
    'send-email',
    async (ctx, { id }: { id: string }) => {
      expectTypeOf(ctx).toEqualTypeOf<TaskContext>()
      ctx.log(`Sent ${id}`)
    },
    { retries: 2, timeout: '15s' },
  )

  it('infers the payload from the handler’s second parameter', () => {
    expectTypeOf(sendEmail).toEqualTypeOf<Task<{ id: string }, void>>()
    expectTypeOf(sendEmail.trigger).parameter(0).toEqualTypeOf<{ id: string }>()
    expectTypeOf(sendEmail.triggerAndWait({ id: 'e1' })).toEqualTypeOf<Promise<void>>()
  })

  it('types ctx.task as a request that resolves to nothing', () => {
    task('parent', async (ctx) => {
      expectTypeOf(ctx.task('send-email', { id: 'e1' })).toEqualTypeOf<Promise<void>>()
    })
  })

  it('makes a cron a task with no payload and the handler’s result', () => {
    const sendEmails = cron('send-emails', '*/15 * * * *', async () => ({ dispatched: 3 }))
    expectTypeOf(sendEmails).toEqualTypeOf<Task<void, { dispatched: number }>>()
  })
})

describe('Jsonified', () => {
  it('turns Dates into strings, deeply', () => {
    expectTypeOf<Jsonified<Date>>().toEqualTypeOf<string>()
    expectTypeOf<Jsonified<{ a: Date; b: { c: Date[] } }>>().toEqualTypeOf<{ a: string; b: { c: string[] } }>()
  })

  it('keeps primitives and drops function-valued fields', () => {
    expectTypeOf<Jsonified<{ n: number; s: string; b: boolean; z: null; f: () => void }>>().toEqualTypeOf<{ n: number; s: string; b: boolean; z: null }>()
    expectTypeOf<Jsonified<'literal'>>().toEqualTypeOf<'literal'>()
  })

  it('keeps void and undefined as they are', () => {
    expectTypeOf<Jsonified<void>>().toEqualTypeOf<void>()
    expectTypeOf<Jsonified<undefined>>().toEqualTypeOf<undefined>()
  })

  it('follows toJSON', () => {
    expectTypeOf<Jsonified<{ toJSON(): { v: number } }>>().toEqualTypeOf<{ v: number }>()
  })
})
