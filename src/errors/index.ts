export { BacklotError, isBacklotError } from './backlot-error.js'
export { NonRetriableError, RetryAfterError, TimeoutError } from './control-flow.js'
export {
  ValidationError,
  SerializationError,
  UnknownTaskError,
  DuplicateTaskError,
  RunNotFoundError,
} from './input-errors.js'
export { TaskRunFailedError, TaskRunCancelledError, RunCancelledError, EngineDisposedError } from './run-errors.js'
export { markErrorClass } from './error-marker.js'
export { SignatureError } from './signature-error.js'
export { AppRequestError } from './app-request-error.js'
export { serializeError, deserializeError } from './serialize.js'
export type { SerializedError } from './serialized-error.js'
export type { SignatureErrorCode } from './signature-error.js'
export type { AppRequestErrorCode } from './app-request-error.js'
