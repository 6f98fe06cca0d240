import { task } from 'backlot'

export const second = task({ id: 'dup-report', run: async () => 'second' })
