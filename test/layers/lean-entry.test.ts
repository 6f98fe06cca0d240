// Defining, triggering and serving a task loads no engine, clock, fake-timers or cron parser:
// bundle such an app from the sources with code splitting and look at what its entry chunk holds.
import { build } from 'esbuild'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { initialOutputs } from '../../bench/bundle-graph.js'

const repo = resolve(import.meta.dirname, '../..')

const APP = `
import { cron, serve, task } from 'backlot'
export const hello = task({ id: 'hello', run: async (name: string) => 'hello ' + name })
export const nightly = cron('nightly', '0 3 * * *', async () => 'ok')
export const { GET, POST } = serve({ tasks: [hello, nightly] })
export const kick = () => hello.trigger('world')
`

describe('the lean entry', () => {
  it('keeps the engine, the clocks, fake-timers and cron-parser out of what defining, triggering and serving loads', async () => {
    const result = await build({
      stdin: { contents: APP, loader: 'ts', resolveDir: repo, sourcefile: 'app.ts' },
      bundle: true, format: 'esm', splitting: true, platform: 'node', write: false, metafile: true, outdir: '/tmp/lean-entry',
      alias: { backlot: resolve(repo, 'src/index.ts') }, logLevel: 'silent',
    })
    const outputs = result.metafile.outputs
    const initial = initialOutputs(result.metafile)
    const loaded = [...initial].flatMap((file) => Object.keys(outputs[file]!.inputs))
    expect(loaded.some((input) => input.includes('src/sdk/task.ts'))).toBe(true)
    expect(loaded.some((input) => input.includes('src/serve/serve.ts'))).toBe(true)
    expect(loaded.filter((input) => /src\/engine\/|src\/clock\/|@sinonjs|cron-parser|luxon/.test(input))).toEqual([])
    // The engine is there, in a chunk of its own that the first embedded trigger loads.
    const lazy = Object.keys(outputs).filter((file) => !initial.has(file)).flatMap((file) => Object.keys(outputs[file]!.inputs))
    expect(lazy.some((input) => input.includes('src/engine/engine.ts'))).toBe(true)
  })
})
