// Stand-ins for the helpers seed 002's samples call but do not define.

export interface Email {
  id: string
  to: string
  body: string
}

export const inbox = new Map<string, Email>()
export const delivered: string[] = []
/** Per email id: how many deliveries fail, and whether they hang instead of throwing. */
export const deliveryTrouble = new Map<string, { failures: number; hang?: boolean }>()

export function resetMail(emails: Email[]): void {
  inbox.clear()
  delivered.length = 0
  deliveryTrouble.clear()
  for (const e of emails) inbox.set(e.id, e)
}

export async function getEmail(id: string): Promise<Email> {
  const email = inbox.get(id)
  if (!email) throw new Error(`no email "${id}"`)
  return email
}

export async function deliver(email: Email): Promise<void> {
  const trouble = deliveryTrouble.get(email.id)
  if (trouble && trouble.failures > 0) {
    trouble.failures--
    if (trouble.hang) return new Promise<void>(() => {})
    throw new Error(`mailbox of ${email.to} is full`)
  }
  delivered.push(email.id)
}

export async function getPendingEmails(): Promise<Email[]> {
  return [...inbox.values()].filter((e) => !delivered.includes(e.id))
}
