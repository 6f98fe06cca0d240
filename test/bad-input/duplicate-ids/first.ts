import { task } from 'backlot'

export const first = task({ id: 'dup-report', run: async () => 'first' })
