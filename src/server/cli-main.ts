#!/usr/bin/env node
// The `backlot` command: compiled to dist/cli.js, the package's bin.
import { runCli } from './cli.js'

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
