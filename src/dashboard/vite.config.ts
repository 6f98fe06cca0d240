import { defineConfig } from 'vite'

/** Builds the dashboard SPA (src/dashboard) into dist/dashboard, offline: `npm run build:dashboard`. */
export default defineConfig({
  root: 'src/dashboard',
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/dashboard',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inlined assets: the page's CSP allows only its own files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
})
