import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { artifactFiles, zipUrl } from '../../../packages/azure/src/artifacts.ts'

const zip = async (entries: Record<string, string>, compression: 'STORE' | 'DEFLATE' = 'DEFLATE') => {
  const z = new JSZip()
  for (const [k, v] of Object.entries(entries)) z.file(k, v)
  return z.generateAsync({ type: 'nodebuffer', compression })
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'no refusal',
    (e: Error) => `${e.name}: ${e.message}`,
  )

describe("an Azure artifact's zip", () => {
  it('gives every file by its path inside the artifact: the container folder named as the artifact is taken off, stored or deflated', async () => {
    for (const compression of ['STORE', 'DEFLATE'] as const) {
      const files = await artifactFiles(await zip({ 'hist/mlgate-history.json': '{"a":1}', 'hist/windows/000001.json': 'x'.repeat(5000) }, compression), 'artifact')
      expect([...files.keys()].sort()).toEqual(['mlgate-history.json', 'windows/000001.json'])
      expect(files.get('windows/000001.json')!.toString()).toBe('x'.repeat(5000))
    }
  })

  it('refuses an entry that leaves the artifact, a truncated archive and a damaged entry with one sentence', async () => {
    expect(await refusal(artifactFiles(await zip({ 'hist/../../etc/x': 'x' }), "artifact 'hist' of build 3"))).toBe(
      "ConfigurationError: The artifact 'hist' of build 3 holds a file outside the artifact ('hist/../../etc/x').",
    )
    const good = await zip({ 'hist/a.json': 'a'.repeat(100) }, 'STORE')
    expect(await refusal(artifactFiles(good.subarray(0, 40), 'artifact'))).toMatch(/^ConfigurationError: The artifact is not a readable zip archive \([^)]+\)\.$/)
    const damaged = Buffer.from(good)
    damaged[damaged.indexOf('aaaa')] = 0x62
    expect(await refusal(artifactFiles(damaged, 'artifact'))).toMatch(/^ConfigurationError: The artifact is (not a readable zip archive|corrupt: 'hist\/a.json' cannot be read) \([^)]*crc[^)]*\)\.$/i)
  })

  it('asks for a zip where the download URL does not say a format already', () => {
    expect(zipUrl('https://dev.azure.com/acme/p/_apis/build/builds/3/artifacts?artifactName=h&api-version=7.1')).toBe(
      'https://dev.azure.com/acme/p/_apis/build/builds/3/artifacts?artifactName=h&api-version=7.1&%24format=zip',
    )
    expect(zipUrl('https://dev.azure.com/acme/p/_apis/build/builds/3/artifacts?artifactName=h&%24format=zip')).toBe(
      'https://dev.azure.com/acme/p/_apis/build/builds/3/artifacts?artifactName=h&%24format=zip',
    )
    const pipelineArtifact = 'https://artprodweu.artifacts.visualstudio.com/A1/B2/_apis/artifact/cGlw0/content?format=zip'
    expect(zipUrl(pipelineArtifact)).toBe(pipelineArtifact)
  })
})
