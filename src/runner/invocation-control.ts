/**
 * How the engine stops an invocation (timeout, cancel). The AbortSignal is made only when
 * someone reads it: most invocations never need one, and creating a signal per run costs
 * more than the rest of a trivial run.
 */
export interface InvocationControl {
  readonly aborted: boolean
  readonly reason: unknown
  readonly signal: AbortSignal
}

/** An InvocationControl whose AbortSignal is created on first read. */
export class LazyAbort implements InvocationControl {
  aborted = false
  reason: unknown = undefined
  private controller: AbortController | undefined

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController()
      if (this.aborted) this.controller.abort(this.reason)
    }
    return this.controller.signal
  }

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.controller?.abort(reason)
  }
}

/** Wraps an existing signal (serve() gets one from the Request). */
export function controlOf(signal: AbortSignal | undefined): InvocationControl {
  if (!signal) return new LazyAbort()
  return {
    get aborted() {
      return signal.aborted
    },
    get reason() {
      return signal.reason
    },
    signal,
  }
}
