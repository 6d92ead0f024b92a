import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { fakeArtifactService, zipEntryNames } from '../harness/fake-artifacts.ts'

const fake = fakeArtifactService()
afterAll(() => fake.server.stop())

it('uploads files as an artifact through @actions/artifact the way the runner service expects', async () => {
  await fake.server.start()
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-art-'))
  writeFileSync(join(dir, 'evidence-bundle.jsonl'), '{"_type":"https://in-toto.io/Statement/v1"}\n')
  writeFileSync(join(dir, 'audit.md'), '# audit\n')
  Object.assign(process.env, fake.env(), { GITHUB_WORKSPACE: dir })
  const { githubPlatform } = await import('../../../packages/github/src/platform.ts')
  const platform = githubPlatform(process.env)
  await platform.uploadArtifact('mlgate-evidence', [join(dir, 'evidence-bundle.jsonl'), join(dir, 'audit.md')], dir)
  expect(fake.server.problems).toEqual([])
  expect(fake.artifacts).toHaveLength(1)
  expect(fake.artifacts[0]).toMatchObject({ name: 'mlgate-evidence', finalized: true })
  expect(zipEntryNames(Buffer.concat(fake.artifacts[0].blocks)).sort()).toEqual(['audit.md', 'evidence-bundle.jsonl'])
})
