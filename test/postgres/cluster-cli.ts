/**
 * One shared throwaway cluster for a CI run (.ci/run): `start <dir>` prints its URL, `stop <dir>`
 * stops it and removes `dir`. Run with `npx tsx test/postgres/cluster-cli.ts start /tmp/pg`.
 */
import { startCluster, stopClusterIn } from './cluster.js'

const [command, dir] = process.argv.slice(2)
if ((command !== 'start' && command !== 'stop') || !dir) {
  console.error('Usage: tsx test/postgres/cluster-cli.ts start|stop <dir>')
  process.exit(2)
}
try {
  if (command === 'start') console.log((await startCluster(dir)).url)
  else await stopClusterIn(dir)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
