import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { profileColumn } from '../../../packages/core/src/drift/profile.ts'
import { openDataset, readTable } from '../../../packages/core/src/dataset/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-head-'))
const readHead = async (path: string, role: string) => (await openDataset(path, { cwd: dir, role })).head()

it('the first rows name every column and the ones holding numbers with a leading zero', async () => {
  writeFileSync(join(dir, 'a.csv'), 'id,zip,price,ratio\n1,01001,10,0.5\n2,10001,12,-0.25\n3,,007,0\n')
  expect(await readHead('a.csv', 'reference')).toEqual({ names: ['id', 'zip', 'price', 'ratio'], leadingZero: ['zip', 'price'] })
  writeFileSync(join(dir, 'b.jsonl'), '{"zip":"02110","n":3}\n{"zip":"94105","n":4}\n')
  expect(await readHead('b.jsonl', 'current')).toEqual({ names: ['zip', 'n'], leadingZero: ['zip'] })
})

it('a key of a JSON Lines file that its first record lacks is named too', async () => {
  writeFileSync(join(dir, 'late.jsonl'), '{"a":1}\n{"a":2,"b":"007"}\n')
  expect(await readHead('late.jsonl', 'current')).toEqual({ names: ['a', 'b'], leadingZero: ['b'] })
})

it('columns read as written keep their text: 01001 is not 1001', async () => {
  writeFileSync(join(dir, 'c.csv'), 'zip,v\n01001,1\n1001,2\n01001,3\n')
  const t = await readTable('c.csv', { cwd: dir, text: ['zip'] })
  const zip = t.columns.find((c) => c.name === 'zip')!
  expect(zip.type).toBe('categorical')
  expect(profileColumn(zip).counts).toEqual(
    new Map([
      ['01001', 2],
      ['1001', 1],
    ]),
  )
  expect(t.columns.find((c) => c.name === 'v')!.type).toBe('numeric')
})
