// The dev server as its own process, for the restart test: a virtual clock the test moves by
// lines on stdin ("advance <duration>", "idle"), answered by "OK <line>" on stdout.
import readline from 'node:readline'
import { startDevServer } from '../../src/server/dev/start-dev-server.js'

const [dataDir, ...files] = process.argv.slice(2)
const server = await startDevServer({ files, data: dataDir!, clock: 'virtual', port: 0, secretKey: 'sk_restart', signingKey: 'whsec_restart', color: false, log: (line) => process.stdout.write(`LOG ${line}\n`) })
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
