// serve() as a Web handler on whatever runtime runs this file: the manifest, and 401 unsigned.
import { serve, task } from 'backlot'

const ping = task({ id: 'ping', run: async () => 'pong' })
const { GET, POST } = serve({ tasks: [ping], signingKey: 'whsec_runtime' })
const manifest = await (await GET(new Request('http://app.test/api/tasks'))).json()
const unsigned = await POST(new Request('http://app.test/api/tasks', { method: 'POST', body: '{}' }))
console.log(JSON.stringify({ tasks: manifest.tasks.map((t) => t.id), unsigned: unsigned.status }))
