/**
 * Gives an error class an identity that survives two loaded copies of backlot (an ESM and a
 * bundled copy, the dev server and a test runner): a `Symbol.for(name)` marker on its prototype,
 * and an `instanceof` that checks the marker. A subclass without a marker of its own keeps
 * the ordinary prototype check (Temporal's `SymbolBasedInstanceOfError` is the model).
 *
 * @example
 * export class NonRetriableError extends BacklotError { ... }
 * markErrorClass(NonRetriableError, 'backlot.NonRetriableError')
 */
export function markErrorClass(errorClass: abstract new (...args: never[]) => Error, name: string): void {
  const marker = Symbol.for(name)
  Object.defineProperty(errorClass.prototype, marker, { value: true })
  Object.defineProperty(errorClass, Symbol.hasInstance, {
    value(this: unknown, instance: unknown): boolean {
      if (this === errorClass) return hasMarker(instance, marker)
      return Function.prototype[Symbol.hasInstance].call(this, instance)
    },
  })
}

/** True when `value` carries `marker` (on itself or its prototype chain). */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true
}
