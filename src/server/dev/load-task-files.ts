import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Plugin } from 'esbuild'
import { importOptional } from '../optional-module.js'
import type { TaskPolicy } from '../../engine/executor.js'
import { ValidationError } from '../../errors/input-errors.js'

/** A task found in a task file, with the file it came from. */
export interface LoadedTask {
  task: TaskPolicy
  file: string
}

/** True for what `task()` / `cron()` return, from this copy of backlot or another. */
function isTask(value: unknown): value is TaskPolicy {
  const t = value as Partial<TaskPolicy> & { trigger?: unknown }
  return typeof value === 'object' && value !== null && typeof t.id === 'string' && typeof t.run === 'function' && typeof t.trigger === 'function' && typeof t.retry === 'object'
}

/**
 * Loads task files in this process and returns the tasks they export (named or default,
 * alone or in an array or object). `.js` / `.mjs` files are imported as they are; `.ts` /
 * `.mts` files are bundled with their local imports by esbuild (packages stay external, so
 * `backlot` is the one installed) into a temporary module beside the file, imported, then
 * removed. Nothing else needs installing: no tsx, no Node flag.
 */
export async function loadTaskFiles(files: readonly string[], cwd = process.cwd()): Promise<LoadedTask[]> {
  const out: LoadedTask[] = []
  const seen = new Set<unknown>()
  for (const file of files) {
    const absolute = path.resolve(cwd, file)
    if (!fs.existsSync(absolute)) throw new ValidationError('INVALID_ARGUMENT', `Failed to load task file ${file}: there is no such file (looked at ${absolute}). Pass the path of a .ts or .js file that exports tasks.`)
    const module = await importFile(absolute, file)
    const found = collectTasks(module, seen)
    if (found.length === 0) throw new ValidationError('INVALID_ARGUMENT', `Failed to load task file ${file}: it exports no task. Export what task() or cron() returns, e.g. \`export const sendEmail = task({ id: 'send-email', run })\`.`)
    for (const task of found) out.push({ task, file })
  }
  return out
}

async function importFile(absolute: string, shown: string): Promise<Record<string, unknown>> {
  const ext = path.extname(absolute)
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return guard(shown, () => import(pathToFileURL(absolute).href))
  if (ext !== '.ts' && ext !== '.mts' && ext !== '.cts') {
    throw new ValidationError('INVALID_ARGUMENT', `Failed to load task file ${shown}: ${ext || 'a file without an extension'} is not a task file. Pass a .ts or .js file.`)
  }
  const out = path.join(path.dirname(absolute), `.${path.basename(absolute, ext)}.backlot-${process.pid}-${Date.now()}.mjs`)
  try {
    const { build } = await importOptional(() => import('esbuild'), 'esbuild', `load the TypeScript task file ${shown}`, 'Install it with `npm i -D esbuild`, or compile the file to JavaScript first.')
    await guard(shown, () => build({ entryPoints: [absolute], outfile: out, bundle: true, packages: 'external', plugins: [KEEP_BACKLOT_EXTERNAL], platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline', logLevel: 'silent' }))
    return await guard(shown, () => import(pathToFileURL(out).href))
  } finally {
    fs.rmSync(out, { force: true })
  }
}

/**
 * `backlot` stays an import even where a tsconfig `paths` entry maps it to sources (as in this
 * repository): bundling a second copy would split the task registry and the run scope, so
 * `someTask.triggerAndWait()` inside a run would not become a child.
 */
const KEEP_BACKLOT_EXTERNAL: Plugin = {
  name: 'keep-backlot-external',
  setup(b) {
    b.onResolve({ filter: /^backlot(\/.*)?$/ }, (args) => ({ path: args.path, external: true }))
  },
}

async function guard<T>(file: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const reason = (error as Error)?.message?.split('\n').slice(0, 6).join('\n') ?? String(error)
    throw new ValidationError('INVALID_ARGUMENT', `Failed to load task file ${file}: ${reason}. Fix the file and start again.`, { cause: error })
  }
}

function collectTasks(value: unknown, seen: Set<unknown>, depth = 0): TaskPolicy[] {
  if (isTask(value)) {
    if (seen.has(value)) return []
    seen.add(value)
    return [value]
  }
  if (depth > 1 || typeof value !== 'object' || value === null) return []
  const children = Array.isArray(value) ? value : Object.values(value)
  return children.flatMap((child) => collectTasks(child, seen, depth + 1))
}
