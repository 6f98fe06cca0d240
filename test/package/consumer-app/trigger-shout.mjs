// A client of the dev server, configured only by the environment it printed.
import { task } from 'backlot'

const shout = task({ id: 'shout', run: async () => { throw new Error('runs in the dev server, not here') } })
console.log(JSON.stringify(await shout.triggerAndWait({ word: 'hey' })))
