import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests and examples import the package by name, as a user would.
    alias: [
      { find: /^backlot\/testing\/msw$/, replacement: here('./testing/msw.ts') },
      { find: /^backlot\/testing$/, replacement: here('./testing/index.ts') },
      { find: /^backlot\/host$/, replacement: here('./src/host.ts') },
      { find: /^backlot\/server$/, replacement: here('./src/server/index.ts') },
      { find: /^backlot$/, replacement: here('./src/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'testing/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    reporters: ['default'],
  },
})
