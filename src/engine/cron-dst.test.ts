import { describe, expect, it } from 'vitest'
import { parseCron } from './cron-schedule.js'
import { zoneOffset } from './cron-zoned.js'

const HOUR = 3_600_000

/** Local wall-clock reading of an instant in a zone, as 'YYYY-MM-DD HH:MM'. */
function local(instant: number, timezone: string): string {
  return new Date(instant + zoneOffset(timezone)(instant)).toISOString().slice(0, 16).replace('T', ' ')
}

function firings(expression: string, timezone: string, from: number, count: number): number[] {
  const schedule = parseCron(expression, timezone)
  const out: number[] = []
  for (let t = from; out.length < count; ) {
    const next = schedule.nextAfter(t)
    if (next === null) throw new Error(`${expression} in ${timezone} stopped after ${new Date(t).toISOString()}`)
    out.push((t = next))
  }
  return out
}

describe('crons across DST changes', () => {
  it("keeps firing '0 3 * * *' and '0 * * * *' in Australia/Lord_Howe past the April switch, for years", () => {
    const daily = firings('0 3 * * *', 'Australia/Lord_Howe', Date.UTC(2026, 3, 1), 800)
    expect(daily.map((t) => local(t, 'Australia/Lord_Howe').slice(11))).toEqual(daily.map(() => '03:00'))
    expect(local(daily.at(-1)!, 'Australia/Lord_Howe') > '2028-06-01').toBe(true)
    const hourly = firings('0 * * * *', 'Australia/Lord_Howe', Date.UTC(2026, 3, 4), 24 * 60)
    expect(new Set(hourly.map((t) => local(t, 'Australia/Lord_Howe'))).size).toBe(hourly.length)
  })

  it('fires a repeated wall time once, at its first occurrence (the April switch, 02:00 → 01:30)', () => {
    // 2026-04-05: 01:30–02:00 happens twice in Lord Howe (+11:00, then +10:30).
    const times = firings('*/15 1 5 4 *', 'Australia/Lord_Howe', Date.UTC(2026, 3, 4), 4)
    expect(times.map((t) => new Date(t).toISOString())).toEqual(['2026-04-04T14:00:00.000Z', '2026-04-04T14:15:00.000Z', '2026-04-04T14:30:00.000Z', '2026-04-04T14:45:00.000Z'])
    expect(parseCron('*/15 1 5 4 *', 'Australia/Lord_Howe').nextAfter(Date.UTC(2026, 3, 4, 14, 45))).toBeGreaterThan(Date.UTC(2027, 0, 1))
  })

  it('fires a skipped wall time once, at the first instant after the jump (the October switch, 02:00 → 02:30)', () => {
    const times = firings('*/15 2 4 10 *', 'Australia/Lord_Howe', Date.UTC(2026, 9, 3), 2)
    // 02:00 and 02:15 do not exist on 2026-10-04: both fire once, at 02:30 (+11:00); then 02:30, 02:45 are normal.
    expect(times.map((t) => local(t, 'Australia/Lord_Howe'))).toEqual(['2026-10-04 02:30', '2026-10-04 02:45'])
    expect(new Date(times[0]!).toISOString()).toBe('2026-10-03T15:30:00.000Z')
  })

  it('never answers a time at or before the one asked about, from any starting instant', () => {
    for (const [expression, timezone] of [['0 3 * * *', 'Australia/Lord_Howe'], ['0 * * * *', 'Australia/Lord_Howe'], ['*/5 1-2 * * *', 'America/New_York'], ['30 2 * * 0', 'Europe/Paris']] as const) {
      const schedule = parseCron(expression, timezone)
      for (let after = Date.UTC(2026, 2, 1); after < Date.UTC(2026, 10, 15); after += 97 * 60_000 + 13_000) {
        const next = schedule.nextAfter(after)
        expect(next).not.toBeNull()
        expect(next!).toBeGreaterThan(after)
        expect(next! - after).toBeLessThan(8 * 24 * HOUR)
      }
    }
  })

  it("refuses 'H' (random on every parse) and an expression that never fires, with INVALID_CRON", () => {
    expect(() => parseCron('H * * * *')).toThrow(expect.objectContaining({ code: 'INVALID_CRON', message: expect.stringMatching(/'H' .* is not supported/) }))
    expect(() => parseCron('0 H(0-5) * * *')).toThrow(expect.objectContaining({ code: 'INVALID_CRON' }))
    expect(parseCron('0 9 * * thu').nextAfter(Date.UTC(2026, 0, 1))).toBe(Date.UTC(2026, 0, 1, 9))
    expect(() => parseCron('0 0 31 4,6 *')).toThrow(expect.objectContaining({ code: 'INVALID_CRON' }))
  })
})
