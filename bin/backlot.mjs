#!/usr/bin/env node
// The package ships TypeScript sources; tsx loads them.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/server/cli.ts')
try {
  const running = await runCli(process.argv.slice(2), { env: process.env, log: (line) => console.log(line) })
  if (running) {
    const stop = () => running.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
