// Three account deletions on the embedded default engine (in this process, on the real clock),
// with a one-second grace period instead of a week: one goes through, one is undone during its
// grace period, one is scheduled for an hour later and undone before it starts:
//   npm run example -- status-and-cancel
import { getTask } from 'backlot'
import { accounts, deletionStatus, requestDeletion, undoDeletion } from './tasks.js'

const config = {} // { baseUrl, secretKey, ref } would ask a platform instead
const started = Date.now()
const elapsed = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
for (const userId of ['ada', 'alan', 'grace']) accounts.add(userId)

const ada = await requestDeletion({ userId: 'ada', requestId: 'req_1', gracePeriod: '1s' })
const alan = await requestDeletion({ userId: 'alan', requestId: 'req_2', gracePeriod: '1s' })
const grace = await requestDeletion({ userId: 'grace', requestId: 'req_3', gracePeriod: '1s', at: new Date(Date.now() + 3_600_000) })
await pause(300)
for (const [name, runId] of [['ada', ada], ['alan', alan], ['grace', grace]] as const) {
  console.log(`${elapsed()} ${name}: ${runId} ${await deletionStatus(config, runId)}`)
}

for (const [name, runId] of [['alan', alan], ['grace', grace]] as const) {
  const run = await undoDeletion(config, runId)
  console.log(`${elapsed()} ${name}: undone, ${run.status} (started: ${run.startedAt ? 'yes' : 'never'}; steps run: ${run.steps.filter((s) => s.status === 'completed').map((s) => s.key).join(', ') || 'none'})`)
}

while ((await getTask(config, ada)).completedAt === null) await pause(100)
const { id, status, createdAt, startedAt, completedAt, result } = await getTask(config, ada)
console.log(`${elapsed()} ada:`, { id, status, createdAt, startedAt, completedAt, result })
console.log('accounts:', Object.fromEntries([...accounts.users].map(([userId, user]) => [userId, `login ${user.login ? 'on' : 'off'}, data ${user.data}`])))
