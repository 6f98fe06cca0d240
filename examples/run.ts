// Runs one example's entry:  npm run example -- <name>   (no name: the order pipeline)
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const DEFAULT_EXAMPLE = 'order-pipeline'
const examplesDir = fileURLToPath(new URL('.', import.meta.url))

/** Every folder under examples/ with a main.ts, by name. */
function exampleNames(): string[] {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/main.ts`, import.meta.url)))
    .map((entry) => entry.name)
    .sort()
}

const name = process.argv[2] ?? DEFAULT_EXAMPLE
const names = exampleNames()
if (!names.includes(name)) {
  console.error(`Unknown example "${name}". Run one of:\n${names.map((n) => `  npm run example -- ${n}`).join('\n')}`)
  process.exitCode = 1
} else {
  await import(pathToFileURL(`${examplesDir}${name}/main.ts`).href)
}
