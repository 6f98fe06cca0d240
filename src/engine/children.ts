import type { RunHost } from './run-host.js'
import type { RunEvent } from '../model/events.js'
import type { RunState } from './run-state.js'

/** Records a child's end in the parent's wait step, and wakes the parent if it is suspended. */
export function notifyParent(engine: RunHost, parent: RunState, child: RunState): void {
  const step = parent.waitsOn?.get(child.id)
  if (!step || step.status !== 'waiting') return
  engine.append(parent, childEndedEvent(parent.id, step.key, child, engine.clock.now()))
  if (parent.suspended) engine.enqueue(parent)
}

/** The parent's `child.ended` event: the child's result, or the error its wait step throws. */
export function childEndedEvent(parentId: string, key: string, child: RunState, at: number): RunEvent {
  // Fields set on one fresh object, not spread into a second: one event per child of a fan-out.
  const event: Extract<RunEvent, { type: 'child.ended' }> = { type: 'child.ended', runId: parentId, at, key, childId: child.id, status: child.status }
  if (child.status === 'completed') {
    event.result = child.result
    return event
  }
  const error =
    child.status === 'cancelled'
      ? { name: 'TaskRunCancelledError', message: `Run "${child.id}" of task "${child.taskId}" was cancelled.`, code: 'RUN_CANCELLED', data: { runId: child.id, taskId: child.taskId } }
      : {
          name: 'TaskRunFailedError',
          message: `Run "${child.id}" of task "${child.taskId}" failed: ${child.error?.name}: ${child.error?.message}`,
          code: 'RUN_FAILED',
          data: { runId: child.id, taskId: child.taskId, error: child.error },
        }
  event.error = error
  return event
}
