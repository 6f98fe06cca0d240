/** Called once per microtask turn for as long as it returns true. */
export type TurnWatcher = () => boolean

// One chain of microtasks for the whole process, running only while some watcher watches. A
// resolved promise's `then` is the cheapest way to queue a microtask (cheaper than
// `queueMicrotask`, which wraps each callback in an async resource, and than `await null`, which
// makes two promises a turn once async context tracking is on), and it cannot be faked by a
// test's fake timers.
const resolved = Promise.resolve()
let active: TurnWatcher[] = []
/** Watchers that joined while a turn was already queued: they start at the turn after it. */
let joining: TurnWatcher[] = []
let queued = false

/** Queues `fn` for one microtask turn, the cheapest way there is (see above). */
export function nextTurn(fn: () => void): void {
  void resolved.then(fn)
}

/**
 * Calls `watcher` once per microtask turn until it returns false. Every watcher of the process
 * shares one microtask a turn, and none makes a promise of its own: counting quiet turns for a
 * thousand suspended invocations costs one microtask a turn, not a thousand awaited promises.
 *
 * A watcher is first called at the earliest turn that comes after everything queued before it
 * joined: exactly where `await null` would resume when no other watcher runs, one turn later at
 * most when it joins a running chain. It never sees a turn sooner than `await null` would.
 *
 * @example
 * let turns = 0
 * eachTurn(() => ++turns < 32) // called on each of the next 32 microtask turns
 */
export function eachTurn(watcher: TurnWatcher): void {
  if (queued) {
    joining.push(watcher)
    return
  }
  active.push(watcher)
  queued = true
  nextTurn(turn)
}

function turn(): void {
  const watchers = active
  let kept = 0
  for (let i = 0; i < watchers.length; i++) {
    const watcher = watchers[i]!
    let again = false
    try {
      again = watcher()
    } catch (error) {
      // Watchers do not throw; if one does, it stops, and the error surfaces as uncaught.
      queueMicrotask(() => {
        throw error
      })
    }
    if (again) watchers[kept++] = watcher
  }
  if (kept < watchers.length) watchers.length = kept
  if (joining.length > 0) {
    for (const watcher of joining) watchers.push(watcher)
    joining = []
  }
  active = watchers
  if (watchers.length > 0) nextTurn(turn)
  else queued = false
}
