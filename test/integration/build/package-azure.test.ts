import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { TASKS } from '../../../packages/core/src/tasks/index.ts'
import { pascalCase } from '../../../packages/core/src/task.ts'
import { cacheTempDir, ROOT } from '../harness/node.ts'

const out = cacheTempDir('mlgate-vsix-')
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Names in a zip's central directory. */
function zipEntries(buf: Buffer): string[] {
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28)
    const extra = buf.readUInt16LE(p + 30)
    const comment = buf.readUInt16LE(p + 32)
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen))
    p += 46 + nameLen + extra + comment
  }
  return names
}

it('npm run package:azure builds a .vsix holding every registered task with its bundle, and the server task MlgateVerdict', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/package-azure.mjs'), out.slice(ROOT.length + 1)], { encoding: 'utf8', cwd: ROOT })
  expect(r.status, r.stderr).toBe(0)
  const vsix = readdirSync(out).find((f) => f.endsWith('.vsix'))!
  const names = zipEntries(readFileSync(join(out, vsix)))
  for (const t of TASKS) {
    expect(names).toContain(`${pascalCase(t.id)}V1/task.json`)
    expect(names).toContain(`${pascalCase(t.id)}V1/dist/index.js`)
  }
  expect(names).toContain('extension.vsixmanifest')
  // the server task (release gate): its task.json only, no bundle
  expect(names).toContain('MlgateVerdictV1/task.json')
  expect(names.filter((n) => n.startsWith('MlgateVerdictV1/dist/'))).toEqual([])
}, 120_000)
