/** The app of bench/http-steps.ts in its own process: serve() on 127.0.0.1, URL on stdout. */
import { serve } from 'backlot'
import { listen } from 'backlot/server'
import { benchTasks } from './http-tasks.js'

const app = await listen(serve({ tasks: [...benchTasks], signingKey: process.env.BACKLOT_SIGNING_KEY! }).fetch)
process.stdout.write(`${app.url}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
