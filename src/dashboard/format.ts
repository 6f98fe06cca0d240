/** `1.2 s`, `3 min 4 s`, `2 h 5 min`, `3 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1_000, 's']]
  const parts: string[] = []
  let rest = ms
  for (const [size, name] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`)
      rest %= size
    } else if (parts.length > 0) break
  }
  return parts.join(' ')
}

/** `2026-01-01 09:00:00` in UTC (the engine's clock may be virtual: no local zone surprises). */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '').replace(/Z$/, '')
}

/** Milliseconds between two ISO times (to now when the end is missing). */
export function between(start: string | null, end: string | null, now: number): number | null {
  if (start === null) return null
  return (end === null ? now : Date.parse(end)) - Date.parse(start)
}

/** Pretty JSON, or a note for a value JSON cannot show. */
export function toJson(value: unknown): string {
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value, null, 2)
  } catch {
    return String(value)
  }
}

/** JSON text cut to `max` characters, with how much was cut. */
export function capped(value: unknown, max = 10_000): { text: string; cut: number } {
  const text = toJson(value)
  return text.length <= max ? { text, cut: 0 } : { text: text.slice(0, max), cut: text.length - max }
}
