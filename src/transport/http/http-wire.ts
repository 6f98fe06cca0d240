import type * as z from 'zod/mini'
import { describeZodIssues } from '../../protocol/api-error.js'
import type { RunFilter } from '../transport.js'
import { PlatformError } from './http-errors.js'

/** Checks a platform answer against its schema; a mismatch is a PlatformError naming each issue. */
export function validated<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value, { reportInput: true })
  if (parsed.success) return parsed.data
  throw new PlatformError('INVALID_RESPONSE', `Failed to ${what}: the platform's answer does not match the protocol (${describeZodIssues(parsed.error)}). Check that the platform speaks API v1.`, 200)
}

/** `?taskId=…&status=a,b&parentId=…&limit=…` for a run filter. */
export function listQuery(filter: RunFilter | undefined): string {
  if (!filter) return ''
  const params = new URLSearchParams()
  if (filter.taskId !== undefined) params.set('taskId', filter.taskId)
  if (filter.status !== undefined) params.set('status', ([] as string[]).concat(filter.status).join(','))
  if (filter.parentId !== undefined) params.set('parentId', filter.parentId)
  if (filter.limit !== undefined) params.set('limit', String(filter.limit))
  const text = params.toString()
  return text ? `?${text}` : ''
}
