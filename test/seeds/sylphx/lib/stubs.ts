// Stand-ins for the helpers seed 000's samples call but do not define.

export const user = { email: 'ada@example.com' }

export const validations: string[] = []

/** Trims and lower-cases an address; throws on one without an @. */
export function validateEmail(to: string): string {
  validations.push(to)
  if (!to.includes('@')) throw new Error(`"${to}" is not an email address`)
  return to.trim().toLowerCase()
}

export const charges: string[] = []
export const chargeFailures = { remaining: 0 }

export async function chargeAndFulfill(orderId: string): Promise<void> {
  charges.push(orderId)
  if (chargeFailures.remaining > 0) {
    chargeFailures.remaining--
    throw new Error(`card declined for ${orderId}`)
  }
}
