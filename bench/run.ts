import { clockBench } from './clock-jumps.js'
import { coreBench } from './core.js'
import { fanOutBench } from './fan-out.js'
import { suspensionMemoryBench } from './suspension-memory.js'
import { httpRoundTripBench } from './http-round-trip.js'
import { listRunsBench } from './list-runs.js'
import { hooksResidueBench } from './hooks-residue.js'
import { postgresReplicasBench } from './postgres-replicas.js'
import { testkitBench } from './testkit.js'
import { userPromisesBench } from './user-promises.js'
import { vsInngestBench } from './vs-inngest-test.js'

// `npm run bench [-- promises|testkit|core|fanout|memory|list|clock|http|residue|inngest|postgres]` compiles this file (bench/build.mjs) and runs
// it against dist/. Every figure has its floor beside it, measured in the same process.
const header = ['| measure | backlot | floor (same run) | goal |', '|---|---|---|---|']
const only = process.argv[2]
const rows: string[] = []
// First: its floor is the process before backlot has run anything.
if (!only || only === 'promises') rows.push(...(await userPromisesBench()))
// Only on its own: it enables a storage of its own.
if (only === 'residue') rows.push(...(await hooksResidueBench()))
// Only on its own: it needs PostgreSQL (a throwaway cluster, or BACKLOT_BENCH_DATABASE_URL).
if (only === 'postgres') rows.push(...(await postgresReplicasBench()))
if (!only || only === 'testkit') rows.push(...(await testkitBench()))
if (!only || only === 'core') rows.push(...(await coreBench()))
if (!only || only === 'fanout') rows.push(...(await fanOutBench()))
if (!only || only === 'memory') rows.push(...(await suspensionMemoryBench()))
if (!only || only === 'list') rows.push(...(await listRunsBench()))
if (!only || only === 'clock') rows.push(...(await clockBench()))
if (!only || only === 'http') rows.push(...(await httpRoundTripBench()))
if (!only || only === 'inngest') rows.push(...(await vsInngestBench()))
console.log([...header, ...rows].join('\n'))
console.log(`\nnode ${process.version}, compiled (dist/ + esbuild), ${new Date().toISOString()}`)
