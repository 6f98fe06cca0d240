import type { Metafile } from 'esbuild'

/**
 * The output files an app loads at start: the entry chunk and every chunk it imports
 * statically (a dynamic `import()`'s chunk loads later, when that code first runs).
 */
export function initialOutputs(meta: Metafile): Set<string> {
  const outputs = meta.outputs
  const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint)!
  const initial = new Set<string>()
  const visit = (file: string): void => {
    if (initial.has(file)) return
    initial.add(file)
    for (const imported of outputs[file]!.imports) if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path)
  }
  visit(entry)
  return initial
}
