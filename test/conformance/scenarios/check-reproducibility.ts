import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ExpectStatic } from 'vitest'
import { scenario } from '../scenario.ts'
import type { Expectation, Scenario, Step } from '../scenario.ts'

/** The workspace of the reproduction. */
const DATA = { 'data/a.csv': 'x,y\n1,2\n', 'data/b.csv': 'x,y\n3,4\n' }
const UPDATE = { update: 'true', paths: 'data/*.csv', lockfiles: 'none' }
const VERIFY = { lockfiles: 'none' }
const reproducible = { reproducible: 'true', 'changed-paths': '' }

function manifestEntries(ws: string, manifest: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(ws, manifest), 'utf8')) as { entries: object }).entries)
}

/** An update run that must write exactly these paths into the manifest. */
const update = (paths: string[], inputs: Record<string, string> = UPDATE): Step => ({
  inputs,
  expect: { verdict: 'pass', outputs: reproducible, check: (_r, ws, expect: ExpectStatic) => expect(manifestEntries(ws, inputs.manifest ?? 'mlgate.lock')).toEqual(paths) },
})
const verify = (expect: Expectation, before?: (ws: string) => void, inputs: Record<string, string> = VERIFY): Step => ({ inputs, expect, before })
const changed = (paths: string, headline: RegExp): Expectation => ({ verdict: 'fail', outputs: { reproducible: 'false', 'changed-paths': paths }, headline })

const TRAIN = `import { writeFileSync } from 'node:fs'
// 'tz' makes the output depend on the time zone each run is given
writeFileSync('model.json', JSON.stringify({ weights: [0.25, 0.5], hour: process.argv[2] === 'tz' ? new Date(0).getHours() : 0 }))
`

const T = 'check-reproducibility'
export const CHECK_REPRODUCIBILITY: Scenario[] = [
  { task: T, name: "issue reproduction: update over 'data/*.csv' writes mlgate.lock and passes", files: DATA, steps: [update(['data/a.csv', 'data/b.csv'])] },
  {
    task: T,
    name: 'issue reproduction: verifying after data/b.csv changed fails naming it',
    files: DATA,
    steps: [update(['data/a.csv', 'data/b.csv']), verify(changed('data/b.csv', /data\/b\.csv: modified/), (ws) => writeFileSync(join(ws, 'data/b.csv'), 'x,y\n3,5\n'))],
  },
  {
    task: T,
    name: 'a directory is one entry: a file added to it fails',
    files: { ...DATA, 'data/nested/c.csv': 'x,y\n5,6\n' },
    steps: [update(['data'], { update: 'true', paths: 'data', lockfiles: 'none' }), verify(changed('data', /data: modified/), (ws) => writeFileSync(join(ws, 'data/nested/d.csv'), 'x,y\n7,8\n'))],
  },
  {
    task: T,
    name: 'paths with spaces in the data and the manifest',
    files: { 'my data/set 1.csv': 'x\n1\n', 'my data/set 2.csv': 'x\n2\n' },
    steps: [
      update(['my data/set 1.csv', 'my data/set 2.csv'], { update: 'true', paths: 'my data/set 1.csv, my data/set 2.csv', manifest: 'locks dir/data lock.json', lockfiles: 'none' }),
      verify({ verdict: 'pass', outputs: reproducible }, undefined, { manifest: 'locks dir/data lock.json', lockfiles: 'none' }),
    ],
  },
  scenario(T, 'pinned requirements pass', { 'requirements.txt': 'numpy==1.26.4\npandas==2.2.2\n' }, { lockfiles: 'requirements.txt' }, { verdict: 'pass', outputs: reproducible }),
  scenario(
    T,
    'an unpinned requirement fails',
    { 'requirements.txt': 'numpy>=1.20\npandas==2.2.2\n' },
    { lockfiles: 'requirements.txt' },
    { verdict: 'fail', outputs: { reproducible: 'false' }, headline: /Dependencies pinned/ },
  ),
  scenario(
    T,
    'fail-on never reports an unpinned requirement as a warning',
    { 'requirements.txt': 'numpy\n' },
    { lockfiles: 'requirements.txt', 'fail-on': 'never' },
    { verdict: 'warn', outputs: { reproducible: 'false' } },
  ),
  scenario(
    T,
    'a deterministic training command reproduces its output',
    { 'train.mjs': TRAIN },
    { command: 'node train.mjs', outputs: 'model.json', lockfiles: 'none', vary: 'tz,order' },
    { verdict: 'pass', outputs: reproducible },
  ),
  {
    task: T,
    name: 'with an mlgate.lock, a training command whose output depends on the time zone still fails naming it',
    files: { ...DATA, 'train.mjs': TRAIN },
    steps: [
      update(['data/a.csv', 'data/b.csv']),
      verify(changed('model.json', /Re-run ×2 — 1 output\(s\) differ/), undefined, { command: 'node train.mjs tz', outputs: 'model.json', lockfiles: 'none', vary: 'tz,order' }),
    ],
  },
  scenario(T, 'update without paths is an error', DATA, { update: 'true', lockfiles: 'none' }, { verdict: 'error', message: /^Input 'paths' names what to record when update is true\.$/ }),
  scenario(T, 'verifying without a manifest is an error', DATA, { paths: 'data/*.csv', lockfiles: 'none' }, { verdict: 'error', message: /^There is no mlgate\.lock to verify the paths against/ }),
  scenario(T, 'a lockfile that does not exist is an error', {}, { lockfiles: 'requirements.txt' }, { verdict: 'error', message: /^Input 'lockfiles': 'requirements\.txt' does not exist\.$/ }),
]
