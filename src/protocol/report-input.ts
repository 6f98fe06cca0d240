import type * as z from 'zod/mini'

/**
 * The schema, with `parse` and `safeParse` keeping the input on each issue (`reportInput`), so
 * describeIssues can say "expected string, received number": zod/mini loads no locale and
 * otherwise drops what was received. For schemas that callers parse directly; generic helpers
 * (src/platform/read-body.ts, src/transport/http/http-wire.ts) pass `{ reportInput: true }` themselves.
 *
 * @example
 * export const ManifestSchema = reportingInput(z.object({ … }))
 */
/* @__NO_SIDE_EFFECTS__ */
export function reportingInput<S extends z.ZodMiniType>(schema: S): S {
  const { parse, safeParse } = schema
  return Object.assign(schema, {
    parse: (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => parse.call(schema, data, { reportInput: true, ...params }),
    safeParse: (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => safeParse.call(schema, data, { reportInput: true, ...params }),
  })
}
