import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeArtifactService, zipEntryNames } from '../harness/fake-artifacts.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { HEAD_SHA, runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'

const data = join(ROOT, 'test/fixtures/foundation')

describe('a pull_request job under the GitHub harness: statuses on the head SHA and one sticky comment', () => {
  const gh = fakeGithub()
  const artifacts = fakeArtifactService()
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
    await artifacts.server.start()
  })
  afterAll(async () => {
    await gh.server.stop()
    await artifacts.server.stop()
  })

  it('two runs of the job: one status per run on the PR head, the comment created once then updated', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'mlgate-job-'))
    const opts = { event: 'pull_request' as const, apiUrl: api, runnerTemp, env: { ...artifacts.env() } }
    const first = await runGithubAction('validate-data', { data: join(data, 'good.csv'), schema: join(data, 'schema.yaml') }, opts)
    expect(first.exitCode, first.stdout).toBe(0)
    const second = await runGithubAction(
      'validate-data',
      { data: join(data, 'missing-column.csv'), schema: join(data, 'schema.yaml'), 'evidence-dir': join(runnerTemp, 'evidence'), 'evidence-artifact': 'mlgate-evidence' },
      opts,
    )
    expect(second.exitCode).toBe(1)

    expect(gh.server.problems).toEqual([])
    expect(gh.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    const statuses = gh.state.statuses.filter((s) => s.context === 'mlgate/validate-data')
    expect(statuses.map((s) => s.state)).toEqual(['success', 'failure'])
    expect(statuses.every((s) => s.sha === HEAD_SHA)).toBe(true)
    expect(gh.state.comments).toHaveLength(1)
    expect(gh.state.comments[0].body).toContain('validate-data')
    expect(gh.server.find('PATCH', /\/issues\/comments\//)).toHaveLength(1)
    expect(artifacts.server.problems).toEqual([])
    expect(artifacts.artifacts.map((a) => [a.name, a.finalized])).toEqual([['mlgate-evidence', true]])
    expect(zipEntryNames(Buffer.concat(artifacts.artifacts[0].blocks)).sort()).toEqual(['evidence-bundle.jsonl', 'evidence-bundle.md'])
  })
})
