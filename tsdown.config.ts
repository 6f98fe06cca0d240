import { defineConfig } from 'tsdown'

// One build for every entry of the exports map: ESM JavaScript and .d.ts in dist/, shared code in
// chunks, dependencies left as imports (docs/decisions/packaging.md).
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    host: 'src/host.ts',
    'server/index': 'src/server/index.ts',
    'testing/index': 'testing/index.ts',
    'testing/msw': 'testing/msw.ts',
    cli: 'src/server/cli-main.ts',
  },
  outDir: 'dist',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: false,
  // The dashboard build (vite) writes dist/dashboard: keep it, so a build never pulls it from under a running server or test.
  clean: ['dist/*', '!dist/dashboard'],
  tsconfig: 'tsconfig.build.json',
  fixedExtension: false,
})
