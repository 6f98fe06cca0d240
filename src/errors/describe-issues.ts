/**
 * Formats a schema's validation issues (zod, or anything with the same `issues` shape) as
 * `path: message; …` for an error message. `limit` keeps a long list readable.
 */
export function describeIssues(error: unknown, limit = Number.POSITIVE_INFINITY): string {
  const issues = (error as { issues?: { path?: PropertyKey[]; message?: string }[] })?.issues
  if (!Array.isArray(issues) || issues.length === 0) return String((error as Error)?.message ?? error)
  return issues
    .slice(0, limit)
    .map((i) => `${i.path && i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message ?? 'invalid'}`)
    .join('; ')
}
