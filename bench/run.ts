import { coreBench } from './core.js'
import { testkitBench } from './testkit.js'

const header = ['| measure | backlot | floor: plain function calls | goal |', '|---|---|---|---|']
const only = process.argv[2]
const rows: string[] = []
if (!only || only === 'testkit') rows.push(...(await testkitBench()))
if (!only || only === 'core') rows.push(...(await coreBench()))
console.log([...header, ...rows].join('\n'))
