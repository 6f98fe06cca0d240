export { executeRun } from './execute-run.js'
export type { RunnerOptions, StepCall, StepInterceptor } from './invocation.js'
export type * from './types.js'
