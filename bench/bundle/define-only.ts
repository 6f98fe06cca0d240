// An app that only defines a task and triggers it.
import { task } from 'backlot'

export const hello = task({ id: 'hello', run: async (name: string) => `hello ${name}` })

export async function kick(): Promise<string> {
  return (await hello.trigger('world')).id
}
