import { describe, it } from 'vitest'
import { postgresUnavailable } from './test-database.js'

/** `describe`, run only when PostgreSQL is available (see `postgresUnavailable`). */
export function describeWithPostgres(name: string, body: () => void): void {
  const missing = postgresUnavailable()
  if (missing === undefined) describe(name, body)
  else if (process.env.BACKLOT_REQUIRE_POSTGRES === '1') {
    describe(name, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`Failed to test ${name}: ${missing}. BACKLOT_REQUIRE_POSTGRES=1 makes this a failure instead of a skip.`)
      })
    })
  } else {
    console.warn(`Skipping the ${name} tests: ${missing}.`)
    describe.skip(`${name} (skipped: ${missing})`, body)
  }
}
