import { describe, expect, it } from 'vitest'
import { parseDevArgs } from './dev-args.js'

describe('backlot dev arguments', () => {
  it('reads task files, repeated --app, and every flag', () => {
    expect(parseDevArgs(['a.ts', 'b.js', '--app', 'http://127.0.0.1:3000/api/tasks', '--app=https://x.test/t', '--port', '0', '--host', '0.0.0.0', '--data', 'd', '--clock', 'virtual', '--retain', '12h', '--retain-runs', '50', '--secret-key', 's', '--signing-key', 'k'])).toEqual({
      files: ['a.ts', 'b.js'],
      apps: ['http://127.0.0.1:3000/api/tasks', 'https://x.test/t'],
      port: 0,
      host: '0.0.0.0',
      data: 'd',
      clock: 'virtual',
      retain: '12h',
      retainRuns: 50,
      secretKey: 's',
      signingKey: 'k',
    })
    expect(parseDevArgs(['--ephemeral'])).toEqual({ files: [], apps: [], ephemeral: true })
    expect(parseDevArgs(['x.ts', '--help'])).toBe('help')
    expect(parseDevArgs(['-h'])).toBe('help')
  })

  it.each([
    [['--prot', '1'], /--prot is not a flag of backlot dev/],
    [['--port'], /--port has no value/],
    [['--port', '--data', 'x'], /--port has no value/],
    [['--port', '70000'], /--port 70000 is not a port/],
    [['--port', '-1'], /is not a port/],
    [['--clock', 'sundial'], /--clock sundial is not a clock. Pass --clock system or --clock virtual/],
    [['--retain', 'forever'], /--retain forever is not a duration/],
    [['--retain-runs', '1.5'], /--retain-runs 1.5 is not a count/],
    [['--app', 'localhost:3000'], /--app localhost:3000 is not/],
    [['--app', 'ftp://x/y'], /not an http\(s\) URL/],
    [['--ephemeral', '--data', 'd'], /--data has no use with it/],
    [['--ephemeral=yes'], /--ephemeral takes no value/],
    [['--port', '1', '--port', '2'], /--port is given twice/],
  ])('refuses %j with a message naming the fix', (argv, message) => {
    expect(() => parseDevArgs(argv)).toThrow(message)
    expect(() => parseDevArgs(argv)).toThrow(/^Failed to start backlot dev: .*Run `backlot dev --help`/)
  })
})
