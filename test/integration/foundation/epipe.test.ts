import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeBinaries, ROOT } from '../harness/node.ts'

const CLI = join(ROOT, 'packages/cli/dist/mlgate.js')
const DATA = join(ROOT, 'examples/data')

describe.each(nodeBinaries())('mlgate … | head -1 ($label)', ({ path }) => {
  it.each([
    ['a pass', ['detect-drift', '--reference', 'reference.csv', '--current', 'reference.csv'], 0],
    ['a fail', ['validate-data', '--data', 'current.csv', '--schema', 'schema.yaml'], 1],
  ])('%s keeps its exit code when the reader goes away, with no stack trace', (_, args, code) => {
    const quoted = [path, CLI, ...args].map((a) => `'${a}'`).join(' ')
    const r = spawnSync('bash', ['-c', `${quoted} | head -1 > /dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], {
      cwd: DATA,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    })
    expect(r.stderr).toContain(`exit ${code}`)
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /)
  })
})
