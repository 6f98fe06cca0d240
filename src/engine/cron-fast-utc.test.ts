import { CronExpressionParser } from 'cron-parser'
import { describe, expect, it } from 'vitest'
import { parseCron } from './cron-schedule.js'

const EXPRESSIONS = [
  '* * * * *', '*/15 * * * *', '0 * * * *', '0 0 * * *', '0 9 * * 1-5', '0 0 1 * *', '30 2 29 2 *',
  '5,10 */3 * * 0', '0 12 13 * 5', '59 23 31 12 *', '0 0 * * 7', '15 10 1-7 * 1', '0 8-18/2 * jan,jul mon-fri',
]

describe('the fast UTC cron path', () => {
  it.each(EXPRESSIONS)('yields the same firings as cron-parser for %s', (expression) => {
    const ours = parseCron(expression, 'UTC')
    const theirs = CronExpressionParser.parse(expression, { currentDate: new Date(Date.UTC(2026, 0, 1)), tz: 'UTC' })
    let t = Date.UTC(2026, 0, 1)
    for (let i = 0; i < 300; i++) {
      const expected = theirs.next().getTime()
      t = ours.nextAfter(t)!
      expect(new Date(t).toISOString()).toBe(new Date(expected).toISOString())
    }
  })
})
