// Every TypeScript snippet of the README compiles as written: each is extracted to its own module
// and type-checked with the repository's tsconfig (where `backlot` resolves to the sources).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../package/shell.js'

const repo = resolve(import.meta.dirname, '../..')
const readme = readFileSync(join(repo, 'README.md'), 'utf8')
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
const dir = join(repo, 'test/readme/.snippets')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the README', () => {
  it('has TypeScript snippets for each part of the tour', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5)
  })

  it('type-checks every TypeScript snippet as written', async () => {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const files = snippets.map((code, i) => {
      const file = join(dir, `snippet-${i + 1}.ts`)
      writeFileSync(file, code.includes('import ') ? code : `${code}\nexport {}\n`)
      return file
    })
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noUnusedLocals: false }, include: [], files }))
    const checked = await run('npx', ['tsc', '--noEmit', '-p', join(dir, 'tsconfig.json')], { cwd: repo })
    expect(checked.stdout + checked.stderr).toBe('')
    expect(checked.code).toBe(0)
  }, 120_000)

  it('links only to files the package ships (no link leaves the package)', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { files: string[] }
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      expect(link, `${link} leaves the package`).not.toMatch(/^(https?:|\.\.\/|\/)/)
      const shipped = pkg.files.some((pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]+')}(/|$)`).test(link))
      expect(shipped, `${link} is not in package.json "files"`).toBe(true)
      expect(() => readFileSync(join(repo, link))).not.toThrow()
    }
  })
})
