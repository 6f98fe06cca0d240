import { NonRetriableError, RetryAfterError, task } from 'backlot'

export interface WebhookEvent {
  endpoint: string
  id: string
  type: string
  data: unknown
}

/** A `Retry-After` header is a number of seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(header: string | null): string | Date | undefined {
  const value = header?.trim()
  if (!value) return undefined
  if (/^\d+$/.test(value)) return `${value}s`
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * POSTs one event to a customer's endpoint. A 429 or 503 with `Retry-After` is retried when the
 * endpoint asked (RetryAfterError); another 4xx will not get better (NonRetriableError); anything
 * else is retried with exponential backoff from 10 s. Every retry counts: five attempts in all.
 */
export const deliverWebhook = task({
  id: 'deliver-webhook',
  retry: { maxAttempts: 5, backoff: 'exponential', minDelay: '10s' },
  timeout: '30s',
  run: async ({ endpoint, id, type, data }: WebhookEvent, { attempt, signal }) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-attempt': String(attempt) },
      body: JSON.stringify({ id, type, data }),
      signal,
    })
    if (response.ok) return { status: response.status, attempt }
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
    if ((response.status === 429 || response.status === 503) && retryAfter !== undefined) {
      throw new RetryAfterError(`${endpoint} answered ${response.status} and asked to retry later`, retryAfter)
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new NonRetriableError(`${endpoint} rejected the webhook with ${response.status}`)
    }
    throw new Error(`${endpoint} answered ${response.status}`)
  },
})
