// A task file as `npx backlot dev dev-tasks.ts` loads it: TypeScript, nothing else installed.
import { task } from 'backlot'

export const shout = task({
  id: 'shout',
  run: async ({ word }: { word: string }, { step }) => step.run('upper', () => `${word.toUpperCase()}!`),
})
