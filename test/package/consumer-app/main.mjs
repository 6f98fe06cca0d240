// A plain Node ESM script, as a new user writes one: define, trigger, wait, print.
import { task } from 'backlot'

const greet = task({
  id: 'greet',
  run: async ({ name }, { step }) => {
    const upper = await step.run('upper', () => name.toUpperCase())
    return { greeting: `hello ${upper}` }
  },
})

const result = await greet.triggerAndWait({ name: 'world' })
console.log(JSON.stringify(result))
