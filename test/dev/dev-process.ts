// The dev server as its own process, for the restart tests: a virtual clock the test moves by
// lines on stdin ("advance <duration>", "idle"), answered by "OK <line>" on stdout. Task files
// come as arguments, app URLs in $DEV_APPS (comma-separated).
import readline from 'node:readline'
import { startDevServer } from '../../src/server/dev/start-dev-server.js'

const [dataDir, ...files] = process.argv.slice(2)
const apps = process.env.DEV_APPS ? process.env.DEV_APPS.split(',') : []
const server = await startDevServer({ files, apps, data: dataDir!, clock: 'virtual', port: 0, secretKey: 'sk_restart', signingKey: 'whsec_restart', color: false, log: (line) => process.stdout.write(`LOG ${line}\n`) })
process.stdout.write(`READY ${JSON.stringify({ url: server.url, pid: process.pid, recovered: server.recovered })}\n`)
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, arg] = line.split(' ')
  if (command === 'advance') await server.driver!.advance(arg as string)
  else if (command === 'idle') await server.driver!.runUntilIdle()
  else if (command === 'close') {
    await server.close()
    process.stdout.write(`OK ${line}\n`)
    process.exit(0)
  }
  process.stdout.write(`OK ${line}\n`)
}
