import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { Engine } from '../engine/engine.js'
import { task } from '../sdk/task.js'
import { ErrorBodySchema, formatSse, fromWireTriggerOptions, parseSse, readListRunsQuery, ListRunsQuerySchema, RunEventSchema, RunRecordSchema, toWireTriggerOptions, TriggerRequestSchema } from './api.js'

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })
}

describe('app → platform schemas', () => {
  it('accepts every record and event an engine produces', async () => {
    const t = task({ id: 'nap', run: async (_: void, { step, log }) => {
      log('going to sleep')
      await step.sleep('nap', '1h')
      return step.run('wake', () => new Date(0))
    } })
    const clock = new VirtualClock()
    const engine = new Engine({ clock, tasks: [t], seed: 1 })
    const run = engine.trigger(t, undefined)
    await engine.settled()
    clock.advance('1h')
    await engine.settled()
    expect(engine.getRun(run.id).status).toBe('completed')
    expect(RunRecordSchema.parse(JSON.parse(JSON.stringify(engine.getRun(run.id))))).toEqual(JSON.parse(JSON.stringify(engine.getRun(run.id))))
    for (const event of engine.events(run.id)) expect(RunEventSchema.safeParse(JSON.parse(JSON.stringify(event))).success).toBe(true)
    engine.dispose()
  })

  it('carries a Date delay as delayUntil and back', () => {
    const wire = toWireTriggerOptions({ delay: new Date('2026-02-01T00:00:00Z'), idempotencyKey: 'k', idempotencyKeyTTL: '1h' })
    expect(wire).toEqual({ delayUntil: '2026-02-01T00:00:00.000Z', idempotencyKey: 'k', idempotencyKeyTTL: '1h' })
    expect(fromWireTriggerOptions(wire)).toEqual({ delay: new Date('2026-02-01T00:00:00Z'), idempotencyKey: 'k', idempotencyKeyTTL: '1h' })
    expect(fromWireTriggerOptions(toWireTriggerOptions({ delay: '15m' }))).toEqual({ delay: '15m' })
  })

  it('rejects unknown trigger options so a typo is caught', () => {
    const parsed = TriggerRequestSchema.safeParse({ payload: 1, options: { idempotencykey: 'k' } })
    expect(parsed.success).toBe(false)
  })

  it('reads a list query with repeated and comma-separated statuses', () => {
    const raw = readListRunsQuery(new URLSearchParams('status=failed,cancelled&status=pending&limit=5&taskId=x'))
    expect(ListRunsQuerySchema.parse(raw)).toEqual({ status: ['failed', 'cancelled', 'pending'], limit: 5, taskId: 'x', order: 'asc', view: 'full' })
    expect(ListRunsQuerySchema.parse({}).limit).toBe(100)
  })

  it('describes the error body', () => {
    expect(ErrorBodySchema.safeParse({ error: { code: 'RUN_NOT_FOUND', message: 'Failed to find run "x".' } }).success).toBe(true)
    expect(ErrorBodySchema.safeParse({ message: 'nope' }).success).toBe(false)
  })
})

describe('Server-Sent Events', () => {
  it('formats and parses messages, across chunk boundaries and with multi-line data', async () => {
    const text = formatSse({ id: 'r:0', event: 'run.triggered', data: '{"a":1}' }) + ': comment\n\n' + formatSse({ data: 'line 1\nline 2' })
    const messages = []
    for await (const m of parseSse(streamOf(text.slice(0, 7), text.slice(7, 30), text.slice(30)))) messages.push(m)
    expect(messages).toEqual([
      { id: 'r:0', event: 'run.triggered', data: '{"a":1}' },
      { data: 'line 1\nline 2' },
    ])
  })
})
