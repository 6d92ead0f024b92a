import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheTempDir, ROOT } from '../harness/node.ts'

const copy = cacheTempDir('mlgate-copy-')
afterAll(() => rmSync(copy, { recursive: true, force: true }))

function check(root: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/check-dist.mjs'), '--root', root], { encoding: 'utf8' })
}

describe('dist freshness check', () => {
  it('passes on the committed tree', () => {
    const r = check(ROOT)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('fails and names the file when a bundle or generated metadata is edited by hand', () => {
    for (const dir of ['actions', 'tasks', 'packages/cli/dist']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true })
    appendFileSync(join(copy, 'actions/validate-data/dist/index.js'), '\n// hand edit\n')
    appendFileSync(join(copy, 'tasks/ValidateDataV1/task.json'), ' ')
    const r = check(copy)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('actions/validate-data/dist/index.js')
    expect(r.stderr).toContain('tasks/ValidateDataV1/task.json')
  })

  it('the Azure bundles never contain @actions/core (task-lib owns INPUT_* there)', () => {
    const marker = 'Unable to find environment variable for file command'
    expect(spawnSync('grep', ['-rlF', marker, join(ROOT, 'actions')], { encoding: 'utf8' }).status).toBe(0)
    const azure = spawnSync('grep', ['-rlF', marker, join(ROOT, 'tasks')], { encoding: 'utf8' })
    expect(azure.stdout).toBe('')
    expect(azure.status).toBe(1)
  })
})
