import { CronExpressionParser } from 'cron-parser'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/input-errors.js'
import { checkCronSyntax } from './cron-syntax.js'

const parses = (expression: string): boolean => {
  try {
    CronExpressionParser.parse(expression, { strict: false })
    return true
  } catch {
    return false
  }
}

describe('checkCronSyntax (the SDK-side check that loads no parser)', () => {
  it.each([
    '* * * * *', '*/15 * * * *', '0 9 * * 1-5', '0 0 1 * *', '5,10,15 0-6/2 * JAN-MAR MON,WED',
    '0 0 L * *', '0 0 * * 5L', '0 0 * * MON#2', '0 0 ? * *', '0 12 * * 7', '@daily', '@hourly', '59 23 31 12 0',
  ])('accepts %j, which cron-parser accepts too', (expression) => {
    expect(parses(expression)).toBe(true)
    expect(() => checkCronSyntax(expression)).not.toThrow()
  })

  it.each([
    ['61 * * * *', 'the minute 61 is outside 0-59'],
    ['* 24 * * *', 'the hour 24 is outside 0-23'],
    ['* * 0 * *', 'the day of month 0 is outside 1-31'],
    ['* * * 13 *', 'the month 13 is outside 1-12'],
    ['* * * * 8', 'the day of week 8 is outside 0-7'],
    ['*/0 * * * *', 'has a step of 0'],
    ['a * * * *', 'the minute "a" is not a number'],
    ['* * * FOO *', 'the month "FOO" is not a number or a name'],
    ['0 9 * *', 'it has 4 fields'],
    ['', 'it has 0 fields'],
    ['1-2-3 * * * *', 'is malformed'],
    ['H * * * *', "'H' (a hashed, random value) is not supported"],
  ])('rejects %j (%s), which cron-parser rejects too', (expression, reason) => {
    if (!expression.startsWith('H')) expect(parses(expression) && expression.split(' ').length === 5).toBe(false)
    const error = (() => {
      try {
        checkCronSyntax(expression)
      } catch (e) {
        return e
      }
    })() as ValidationError
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('INVALID_CRON')
    expect(error.message).toContain(reason)
    expect(error.message).toContain(`Failed to parse the cron expression ${JSON.stringify(expression)}`)
  })
})
