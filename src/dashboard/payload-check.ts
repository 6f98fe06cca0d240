import { Validator, type Schema } from '@cfworker/json-schema'

/** What is wrong with a payload's text: not JSON, or not what the task's JSON Schema allows. */
export type PayloadCheck = { ok: true; value: unknown } | { ok: false; problems: string[] }

/**
 * Parses the editor's text and checks it against the task's JSON Schema (draft 2020-12, as
 * zod's toJSONSchema writes it), before anything is sent. No schema: any JSON passes.
 */
export function checkPayloadText(text: string, schema: Record<string, unknown> | undefined): PayloadCheck {
  let value: unknown
  if (text.trim() === '') value = undefined
  else {
    try {
      value = JSON.parse(text)
    } catch (error) {
      return { ok: false, problems: [`The payload is not valid JSON: ${(error as Error).message}.`] }
    }
  }
  if (!schema) return { ok: true, value }
  const result = new Validator(schema as Schema, '2020-12', false).validate(value === undefined ? null : value)
  if (result.valid) return { ok: true, value }
  // The innermost errors say the most; the "properties" summaries repeat them.
  const leaves = result.errors.filter((e) => e.keyword !== 'properties' && e.keyword !== 'allOf' && e.keyword !== '$ref')
  const shown = (leaves.length ? leaves : result.errors).slice(0, 8)
  return { ok: false, problems: shown.map((e) => `${e.instanceLocation === '#' ? 'payload' : e.instanceLocation.replace(/^#/, 'payload')}: ${e.error}`) }
}
