// Bundle sizes of what users ship, built from the compiled package (dist/, `npm run build` first)
// with esbuild as a Next.js route would be: ESM, minified, code splitting on. "Initial" is the
// entry chunk and every chunk it imports statically; "lazy" is what loads only on a first
// embedded-engine trigger. Usage: node bench/bundle-size.ts (through tsx) → a Markdown table.
import { build, type Metafile } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { initialOutputs } from './bundle-graph.js'

const BUDGET_BYTES = 100 * 1024
const root = resolve(import.meta.dirname, '..')
const cases = [
  { name: 'Next route: serve({ tasks: [oneTask] }) + trigger()', entry: 'bench/bundle/route.ts' },
  { name: 'define a task + trigger()', entry: 'bench/bundle/define-only.ts' },
]

interface Sizes { initial: number; lazy: number; heaviest: string }

async function measure(entry: string, platform: 'node' | 'browser'): Promise<Sizes> {
  const outdir = mkdtempSync(join(tmpdir(), 'backlot-bundle-'))
  try {
    const result = await build({
      entryPoints: [join(root, entry)], bundle: true, format: 'esm', splitting: true, minify: true,
      platform, outdir, metafile: true, logLevel: 'error',
      alias: { backlot: join(root, 'dist/index.js') },
    })
    return sizes(result.metafile)
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}

function sizes(meta: Metafile): Sizes {
  const outputs = meta.outputs
  const initial = initialOutputs(meta)
  let initialBytes = 0
  let lazyBytes = 0
  const byPackage = new Map<string, number>()
  for (const [file, output] of Object.entries(outputs)) {
    if (!file.endsWith('.js')) continue
    if (initial.has(file)) {
      initialBytes += output.bytes
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const key = input.includes('node_modules/') ? input.split('node_modules/').pop()!.split('/').slice(0, input.includes('node_modules/@') ? 2 : 1).join('/') : 'backlot'
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput)
      }
    } else lazyBytes += output.bytes
  }
  const heaviest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')
  return { initial: initialBytes, lazy: lazyBytes, heaviest }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

const rows = ['| bundle (esbuild, minified, splitting) | platform | initial | loaded on first embedded trigger | budget | met? | largest parts of initial |', '|---|---|---|---|---|---|---|']
for (const c of cases) {
  for (const platform of ['node', 'browser'] as const) {
    const s = await measure(c.entry, platform)
    rows.push(`| ${c.name} | ${platform} | ${kb(s.initial)} | ${kb(s.lazy)} | ${kb(BUDGET_BYTES)} | ${s.initial <= BUDGET_BYTES ? 'yes' : '**no**'} | ${s.heaviest} |`)
  }
}
console.log(rows.join('\n'))
