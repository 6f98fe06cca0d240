// Compiles the benchmarks to bench/dist/ against the built package (dist/), so every figure is
// from compiled JavaScript as users run it: no tsx, no keepNames wrappers around closures.
// `backlot`, `backlot/host` and `backlot/testing` stay imports, which Node resolves to dist/
// through the package's own exports map. bench/postgres-replica.ts is the entry of the replica
// processes bench/postgres-replicas.ts starts; pg and pg-boss stay imports from node_modules.
import { build } from 'esbuild'

await build({
  // postgres-replica.js and round-trip-app.js are the processes bench/postgres-replicas.ts and bench/http-round-trip.ts start.
  entryPoints: ['bench/run.ts', 'bench/postgres-replica.ts', 'bench/round-trip-app.ts'],
  outdir: 'bench/dist',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['backlot', 'backlot/*', 'inngest', '@inngest/test', 'pg', 'pg-boss'],
  logLevel: 'warning',
})
