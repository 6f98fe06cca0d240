import { describe, expect, it } from 'vitest'
import { parseServerArgs } from './server-args.js'

const DB = 'postgres://backlot:s3cret@db.internal:5432/backlot'

describe('backlot server arguments', () => {
  it('reads the database, task files, apps and every flag', () => {
    expect(parseServerArgs(['--database', DB, 'tasks.ts', '--app', 'http://127.0.0.1:3000/api/tasks', '--app=https://app.internal/api/tasks', '--port', '0', '--host', '0.0.0.0', '--advertise', 'http://10.0.0.5:3030', '--pool-size', '20', '--lease', '30s', '--retain', '3d', '--retain-runs', '5000', '--secret-key', 'sk', '--signing-key', 'wh'], {})).toEqual({
      database: DB,
      files: ['tasks.ts'],
      apps: ['http://127.0.0.1:3000/api/tasks', 'https://app.internal/api/tasks'],
      port: 0,
      host: '0.0.0.0',
      advertise: 'http://10.0.0.5:3030',
      poolSize: 20,
      leaseMs: 30_000,
      retain: '3d',
      retainRuns: 5000,
      secretKey: 'sk',
      signingKey: 'wh',
    })
    expect(parseServerArgs([], { DATABASE_URL: DB })).toMatchObject({ database: DB })
    expect(parseServerArgs(['--help'], {})).toBe('help')
  })

  it('refuses each bad flag with what to do, never echoing a password', () => {
    const bad = (argv: string[], message: RegExp) => expect(() => parseServerArgs(argv, {})).toThrow(message)
    bad([], /^Failed to start backlot server: --database is missing\. Pass --database postgres:\/\/.*or set DATABASE_URL\. Run `backlot server --help`/)
    bad(['--database', 'mysql://root:hunter2@db/x'], /is not a PostgreSQL URL/)
    expect(() => parseServerArgs(['--database', 'mysql://root:hunter2@db/x'], {})).not.toThrow(/hunter2/)
    bad(['--database', DB, '--pool-size', '1'], /--pool-size 1 is too small/)
    bad(['--database', DB, '--pool-size', 'many'], /--pool-size many is not a count/)
    bad(['--database', DB, '--lease', '100ms'], /--lease 100ms is not a lease from 1s to 10m/)
    bad(['--database', DB, '--port', '70000'], /--port 70000 is not a port/)
    bad(['--database', DB, '--app', 'ftp://x'], /--app ftp:\/\/x is not an http\(s\) URL/)
    bad(['--database', DB, '--data', 'x'], /--data is not a flag of backlot server/)
    bad(['--database', DB, '--port', '1', '--port', '2'], /--port is given twice/)
  })
})
