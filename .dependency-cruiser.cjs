// The layering rules of docs/architecture.md, checked by `npm run check:layers` (in .ci/run).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles through code that runs (type-only imports are erased at build).',
      severity: 'error',
      from: { path: '^(src|testing)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-type-cycles',
      comment: 'No cycles through type-only imports either: harmless at run time, but a sign two modules should share a leaf type (or one should implement an interface the other declares).',
      severity: 'error',
      from: { path: '^(src|testing)/' },
      to: { circular: true },
    },
    {
      name: 'leaves-import-only-leaves',
      comment: 'model/ and errors/ import nothing of backlot but each other.',
      severity: 'error',
      from: { path: '^src/(model|errors)/' },
      to: { path: '^src/', pathNot: '^src/(model|errors)/' },
    },
    {
      name: 'sdk-never-imports-the-engine',
      comment: 'Defining, triggering and serving a task loads no engine, clock or platform; the package entry registers the engine lazily.',
      severity: 'error',
      from: { path: '^src/(sdk|serve|transport/http)/' },
      to: { path: '^src/(engine|clock|platform|server|dashboard|store)/' },
    },
    {
      name: 'runner-is-a-function-of-its-journal',
      comment: 'The runner never imports the engine.',
      severity: 'error',
      from: { path: '^src/runner/' },
      to: { path: '^src/(engine|platform|server|store|transport)/' },
    },
    {
      name: 'protocol-never-imports-the-engine',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/(engine|platform|server|store|transport|serve)/' },
    },
    {
      name: 'clock-never-imports-the-sdk',
      severity: 'error',
      from: { path: '^src/clock/' },
      to: { path: '^src/', pathNot: '^src/(clock|model|errors)/' },
    },
    {
      name: 'core-uses-web-standards-only',
      comment: 'Only server/ and dashboard/ may use Node built-ins; the core feature-detects (src/model/builtin-module.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(server|dashboard)/', '\\.test\\.ts$', '\\.fixture\\.ts$'] },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '\\.test-d\\.ts$', '\\.fixture\\.ts$', '^src/dashboard/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
