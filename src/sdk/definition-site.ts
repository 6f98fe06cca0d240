// Where user code defined a task: the first stack frame outside backlot's own files, as
// `path:line`. Used to tell a module reloaded (same site: the new definition replaces the old)
// from two tasks that share an id (different files: an error naming both).

// The folder holding this file: src/sdk in the sources, dist/ in the package (one chunked folder).
const OWN_FOLDER = folderOf(stripScheme(import.meta.url))

/** `path:line` of the caller's definition, or undefined where the runtime gives no stack. */
export function definitionSite(): string | undefined {
  const stack = new Error().stack
  if (!stack) return undefined
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?\s*$/.exec(line)
    if (!match) continue
    const path = stripScheme(match[1]!)
    if (path.startsWith(OWN_FOLDER) || path.startsWith('node:') || path.includes('/node_modules/backlot/')) continue
    return `${path}:${match[2]}`
  }
  return undefined
}

/** The file part of a `path:line` site. */
export function siteFile(site: string): string {
  return site.slice(0, site.lastIndexOf(':'))
}

function stripScheme(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1)
}
