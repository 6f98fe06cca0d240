import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * An AbortSignal that aborts when the client goes away before the answer is sent: the request
 * side closes before the body arrived in full, or the response side closes before it finished.
 * A request whose body was read in full (every POST) learns of a disconnect only from `res`.
 * This is how a platform's timeout or cancel (it aborts its POST) reaches task code.
 */
export function disconnectSignal(req: IncomingMessage, res?: ServerResponse): AbortSignal {
  const controller = new AbortController()
  const abort = (): void => controller.abort(new DOMException('The client closed the connection before the answer was sent.', 'AbortError'))
  req.once('close', () => {
    if (!req.complete) abort()
  })
  res?.once('close', () => {
    if (!res.writableFinished) abort()
  })
  return controller.signal
}
