import { cancelTask, getTask, task, type ClientConfig, type Duration, type RunRecord } from 'backlot'

/** A stand-in account store. Erasing takes `eraseMs` and stops when the attempt's signal aborts. */
export const accounts = {
  eraseMs: 200,
  abortedErases: [] as string[],
  users: new Map<string, { login: boolean; data: 'present' | 'erased' }>(),
  add(userId: string): void {
    accounts.users.set(userId, { login: true, data: 'present' })
  },
  get(userId: string) {
    const user = accounts.users.get(userId)
    if (!user) throw new Error(`User ${userId} does not exist`)
    return user
  },
  async erase(userId: string, signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, accounts.eraseMs)
      const stop = () => {
        clearTimeout(timer)
        accounts.abortedErases.push(userId)
        reject(signal.reason)
      }
      signal.addEventListener('abort', stop, { once: true })
    })
    accounts.get(userId).data = 'erased'
  },
}

// Deletes an account after a grace period in which the user may still undo it (cancel the run).
export const deleteAccount = task({
  id: 'delete-account',
  run: async ({ userId, gracePeriod }: { userId: string; gracePeriod: Duration }, { step, signal }) => {
    await step.run('disable-login', () => {
      accounts.get(userId).login = false
    })
    await step.sleep('grace-period', gracePeriod)
    await step.run('erase-data', () => accounts.erase(userId, signal))
    return { userId, erased: true }
  },
})

export interface DeletionRequest {
  userId: string
  /** The id of the form submission: a double-submitted form carries the same one. */
  requestId: string
  gracePeriod: Duration
  /** Schedule the deletion for a date instead of now. */
  at?: Date
}

/**
 * What the settings page calls. The idempotency key names the request, not the user: a cancelled
 * run keeps its key until the key's TTL ends, so a key per user would block a new request after an undo.
 */
export async function requestDeletion({ userId, requestId, gracePeriod, at }: DeletionRequest): Promise<string> {
  const handle = await deleteAccount.trigger({ userId, gracePeriod }, { idempotencyKey: `delete-account:${requestId}`, ...(at ? { delay: at } : {}) })
  return handle.id
}

/** What the page shows, read from the run's status record (seed 000's getTask). */
export async function deletionStatus(config: ClientConfig, runId: string): Promise<string> {
  const run: RunRecord = await getTask(config, runId)
  if (run.status === 'pending') return run.waitingFor?.kind === 'delay' ? `scheduled for ${run.waitingFor.until}` : 'about to start'
  if (run.status === 'running') return run.waitingFor?.step === 'grace-period' ? `can be undone until ${run.waitingFor.until}` : 'erasing'
  return run.status // completed, failed, cancelled
}

/** Undo: cancels the run (seed 000's cancelTask) and gives the login back if the data is still there. */
export async function undoDeletion(config: ClientConfig, runId: string): Promise<RunRecord> {
  const run = await cancelTask(config, runId)
  const user = accounts.get((run.payload as { userId: string }).userId)
  if (run.status === 'cancelled' && user.data === 'present') user.login = true
  return run
}
