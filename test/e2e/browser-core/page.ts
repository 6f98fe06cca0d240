// Runs in the page: backlot's core as a browser bundle (no Node, no process): define a task,
// serve it, sign an execution request with Web Crypto and run one invocation through serve().
import { serve, task, SIGNATURE_HEADER } from 'backlot'
import { PROTOCOL_VERSION, signRequest } from 'backlot/host'

const KEY = 'whsec_browser'
const greet = task({
  id: 'greet',
  run: async ({ name }: { name: string }, { step }) => {
    const upper = await step.run('upper', () => name.toUpperCase())
    return `hello ${upper}`
  },
})

async function main(): Promise<unknown> {
  const { GET, POST } = serve({ tasks: [greet], signingKey: KEY })
  const manifest = (await (await GET(new Request('https://app.test/api/tasks'))).json()) as { tasks: { id: string }[] }
  const unsigned = await POST(new Request('https://app.test/api/tasks', { method: 'POST', body: '{}' }))
  const now = Date.now()
  const raw = JSON.stringify({ version: PROTOCOL_VERSION, requestId: 'req_1', now, invocation: { runId: 'run_b', taskId: 'greet', attempt: 1, payload: { name: 'web' }, journal: [], dispatched: [], createdAt: now } })
  const signed = await POST(new Request('https://app.test/api/tasks', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: await signRequest(raw, KEY) } }))
  const answer = (await signed.json()) as { outcome: { status: string; result: unknown } }
  return { hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined', tasks: manifest.tasks.map((t) => t.id), unsigned: unsigned.status, signed: signed.status, outcome: { status: answer.outcome.status, result: answer.outcome.result } }
}

;(globalThis as { result?: Promise<unknown> }).result = main().catch((error: unknown) => ({ error: String((error as Error)?.stack ?? error) }))
