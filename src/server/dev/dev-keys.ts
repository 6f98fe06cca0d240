import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface DevKeys {
  /** Clients send it as `Authorization: Bearer …` (BACKLOT_SECRET_KEY). */
  secretKey: string
  /** Apps verify the platform's requests with it (BACKLOT_SIGNING_KEY). */
  signingKey: string
}

const FILE = 'keys.json'

/**
 * The dev server's keys: given ones first, then the environment, then keys kept in the data
 * directory (made on first start, file mode 0600), so a client's environment stays valid
 * across restarts. Without a data directory (--ephemeral) missing keys are made for this run.
 */
export function devKeys(given: Partial<DevKeys>, env: Record<string, string | undefined>, dataDir: string | undefined): DevKeys {
  const stored = dataDir ? readKeys(dataDir) : undefined
  // The file holds only keys made here, never ones given by flag or environment.
  const made: DevKeys = stored ?? { secretKey: `sk_dev_${randomBytes(16).toString('hex')}`, signingKey: `whsec_dev_${randomBytes(16).toString('hex')}` }
  if (dataDir && !stored) {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(path.join(dataDir, FILE), JSON.stringify(made, null, 2) + '\n', { mode: 0o600 })
  }
  return {
    secretKey: given.secretKey ?? env.BACKLOT_SECRET_KEY ?? made.secretKey,
    signingKey: given.signingKey ?? env.BACKLOT_SIGNING_KEY ?? made.signingKey,
  }
}

function readKeys(dir: string): DevKeys | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, FILE), 'utf8')) as Partial<DevKeys>
    return typeof parsed.secretKey === 'string' && typeof parsed.signingKey === 'string' ? { secretKey: parsed.secretKey, signingKey: parsed.signingKey } : undefined
  } catch {
    return undefined
  }
}
