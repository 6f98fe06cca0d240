// The docs the package ships link only to what it ships: every relative link of docs/*.md
// resolves to a file that package.json's "files" includes.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
const files = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { files: string[] }).files
const shipped = (path: string): boolean => files.some((pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]+')}(/|$)`).test(path))

describe('the shipped docs', () => {
  for (const doc of readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md'))) {
    it(`docs/${doc} links only to files in the package`, () => {
      const text = readFileSync(join(repo, 'docs', doc), 'utf8')
      const links = [...text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^https?:/.test(l))
      for (const link of links) {
        const target = relative(repo, resolve(dirname(join(repo, 'docs', doc)), link))
        expect(existsSync(join(repo, target)), `${doc} → ${link}`).toBe(true)
        expect(shipped(target), `${doc} → ${link}: ${target} is not in package.json "files"`).toBe(true)
      }
    })
  }
})
