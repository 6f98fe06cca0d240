// Stand-in for the app's `@/lib/mailer` in seed 000: records what it was asked to send.
export interface SentMail {
  to: string
  template?: string
  subject?: string
}

export const mailer = {
  sent: [] as SentMail[],
  /** Fails the next `n` sends, to exercise retries. */
  failNext: 0,
  async send(message: { to: string; template: string } | string, subject?: string): Promise<{ messageId: string }> {
    if (mailer.failNext > 0) {
      mailer.failNext--
      throw new Error('SMTP 451: try again later')
    }
    const mail = typeof message === 'string' ? { to: message, subject } : { to: message.to, template: message.template }
    mailer.sent.push(mail)
    return { messageId: `msg_${mailer.sent.length}` }
  },
  reset(): void {
    mailer.sent.length = 0
    mailer.failNext = 0
  },
}
