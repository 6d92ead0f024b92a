import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')

describe('formatting', () => {
  it('every source file is as prettier writes it (npm run format fixes it)', () => {
    let listed = ''
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--list-different', '.'], { cwd: ROOT, encoding: 'utf8' })
    } catch (e) {
      listed = String((e as { stdout?: string }).stdout ?? e)
    }
    expect(listed.split('\n').filter(Boolean)).toEqual([])
  }, 60_000)
})
