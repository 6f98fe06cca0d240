import { afterEach, beforeEach, vi } from 'vitest'
import { memoryHarness } from '../../contract/harness.js'
import { mailer } from './lib/mailer.js'
import { chargeFailures, charges, validations } from './lib/stubs.js'

/** The memory harness for seed 000's samples: fresh stubs for each test, console.log captured (the samples print). */
export function sylphxHarness(): ReturnType<typeof memoryHarness> & { log(): ReturnType<typeof vi.spyOn> } {
  const h = memoryHarness()
  let log: ReturnType<typeof vi.spyOn> | undefined
  beforeEach(() => {
    mailer.reset()
    validations.length = 0
    charges.length = 0
    chargeFailures.remaining = 0
    log = vi.spyOn(console, 'log').mockImplementation(() => {})
  })
  afterEach(async () => {
    log?.mockRestore()
    await h.teardown()
  })
  return Object.assign(h, { log: () => log! })
}
