import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { sampleFile } from '../../../packages/core/src/io/fast/sample.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-sample-'))
const sample = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return sampleFile(path, { path, format: 'csv', gzip: false, bytes: statSync(path).size }, ',')
}

it('types sampled columns as the row reader does: the first value decides, a later value of the other kind makes it mixed', async () => {
  // quoted numbers, missing spellings, exponents and text after numbers; read by the kernel
  const s = await sample('kinds.csv', 'a,b,c,d,e\n1,x,NA,1e3,"5"\n2,3,"4",,7\n3,y,,2.5,z\n')
  expect(s?.kinds).toEqual(['numeric', 'text', 'numeric', 'numeric', 'mixed'])
  expect(s?.dataStart).toBe(10)
  expect(s?.rowBytes).toBeCloseTo(Buffer.byteLength('1,x,NA,1e3,"5"\n2,3,"4",,7\n3,y,,2.5,z\n') / 3, 9)
  // a blank row is left to the row reader, which types the same
  const blank = await sample('blank.csv', 'a,b\n1,x\n\n2,"y, z"\n')
  expect(blank?.kinds).toEqual(['numeric', 'text'])
  // a column without any value stays unknown
  expect((await sample('empty.csv', 'a,b\n1,\n2,\n'))?.kinds).toEqual(['numeric', 'unknown'])
})
