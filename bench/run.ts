import { coreBench } from './core.js'

const header = ['| measure | backlot | floor: plain function calls | goal |', '|---|---|---|---|']
const rows = await coreBench()
console.log([...header, ...rows].join('\n'))
