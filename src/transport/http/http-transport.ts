import { BacklotError } from '../../errors/backlot-error.js'
import type { Transport } from '../transport.js'

/** Options of the HTTP client transport (docs/protocol.md). */
export interface HttpTransportOptions {
  baseUrl: string
  secretKey: string
  ref?: string
  fetch?: typeof fetch
}

// Placeholder until the HTTP transport lands (issue 4): fails loudly rather than pretending.
export function createHttpTransport(options: HttpTransportOptions): Transport {
  throw new BacklotError('NOT_AVAILABLE', `Failed to create the HTTP transport for ${options.baseUrl}: not built yet.`)
}
