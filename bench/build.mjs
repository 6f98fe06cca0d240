// Compiles the benchmarks to bench/dist/ against the built package (dist/), so every figure is
// from compiled JavaScript as users run it: no tsx, no keepNames wrappers around closures.
// `backlot`, `backlot/host` and `backlot/testing` stay imports, which Node resolves to dist/
// through the package's own exports map.
import { build } from 'esbuild'

await build({
  // round-trip-app.js is the app process bench/http-round-trip.ts starts.
  entryPoints: ['bench/run.ts', 'bench/round-trip-app.ts'],
  outdir: 'bench/dist',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['backlot', 'backlot/*', 'inngest', '@inngest/test'],
  logLevel: 'warning',
})
