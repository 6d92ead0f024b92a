import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { csv, normal, seeded, slice } from '../data.ts'
import type { Cell } from '../data.ts'
import { scenario } from '../scenario.ts'
import type { Scenario } from '../scenario.ts'

const HEADER = ['amount', 'age', 'channel']
const CHANNELS = ['web', 'web', 'app', 'store']

/** 300 rows: amount ~ N(50, 10), age ~ N(40, 8), channel mostly web; `shift` moves each named column far away. */
function rows(seed: number, n: number, shift: { amount?: boolean; age?: boolean; channel?: boolean } = {}): Cell[][] {
  const next = seeded(seed)
  return Array.from({ length: n }, () => [
    normal(next, shift.amount ? 80 : 50, 10),
    normal(next, shift.age ? 65 : 40, 8),
    shift.channel ? (next() < 0.8 ? 'store' : 'app') : CHANNELS[Math.floor(next() * CHANNELS.length)],
  ])
}

const REF = rows(1, 300)
/** The reference rows in another order: every test statistic is exactly that of no change. */
const SAME = [...REF].reverse()
const AMOUNT_SHIFTED = rows(2, 300, { amount: true })
const ALL_SHIFTED = rows(3, 300, { amount: true, age: true, channel: true })
const [SAME1, SAME2, SAME3] = slice(SAME, 3)
const base = { 'reference.csv': csv(HEADER, REF) }
const noDrift = { 'drift-detected': 'false', 'drift-share': '0', 'drifted-columns': '' }

const T = 'detect-drift'
export const DETECT_DRIFT: Scenario[] = [
  scenario(
    T,
    'the same rows in another order: no drift, pass',
    { ...base, 'current.csv': csv(HEADER, SAME) },
    { reference: 'reference.csv', current: 'current.csv' },
    { verdict: 'pass', outputs: noDrift },
  ),
  scenario(
    T,
    'every column shifted: dataset drift, fail',
    { ...base, 'current.csv': csv(HEADER, ALL_SHIFTED) },
    { reference: 'reference.csv', current: 'current.csv' },
    {
      verdict: 'fail',
      outputs: { 'drift-detected': 'true', 'drift-share': '1', 'drifted-columns': 'amount,age,channel' },
    },
  ),
  scenario(
    T,
    'one column of three drifted: below the share, warn',
    { ...base, 'current.csv': csv(HEADER, AMOUNT_SHIFTED) },
    { reference: 'reference.csv', current: 'current.csv' },
    {
      verdict: 'warn',
      outputs: { 'drift-detected': 'false', 'drifted-columns': 'amount' },
      headline: /^No dataset drift: 1 of 3 columns drifted/,
    },
  ),
  scenario(
    T,
    'a drifted critical column fails whatever the share',
    { ...base, 'current.csv': csv(HEADER, AMOUNT_SHIFTED) },
    { reference: 'reference.csv', current: 'current.csv', 'critical-columns': 'amount' },
    {
      verdict: 'fail',
      outputs: { 'drift-detected': 'true', 'drifted-columns': 'amount' },
      check: (report, _ws, expect) => expect(report.checks).toContainEqual(expect.objectContaining({ id: 'critical:amount', status: 'fail' })),
    },
  ),
  scenario(
    T,
    'fail-on warn fails one drifted column',
    { ...base, 'current.csv': csv(HEADER, AMOUNT_SHIFTED) },
    { reference: 'reference.csv', current: 'current.csv', 'fail-on': 'warn' },
    { verdict: 'fail', outputs: { 'drift-detected': 'false', 'drifted-columns': 'amount' } },
  ),
  scenario(
    T,
    'a small sample warns instead of passing silently',
    { 'reference.csv': csv(HEADER, REF.slice(0, 20)), 'current.csv': csv(HEADER, REF.slice(0, 20).reverse()) },
    { reference: 'reference.csv', current: 'current.csv' },
    { verdict: 'warn', outputs: noDrift, headline: /small sample/ },
  ),
  scenario(
    T,
    'current data as a glob of three shards: no drift, pass',
    { ...base, 'current/part-1.csv': csv(HEADER, SAME1), 'current/part-2.csv': csv(HEADER, SAME2), 'current/part-3.csv': csv(HEADER, SAME3) },
    { reference: 'reference.csv', current: 'current/part-*.csv' },
    {
      verdict: 'pass',
      outputs: noDrift,
      check: (report, _ws, expect) => expect((report.rows as { current: number }).current).toBe(300),
    },
  ),
  scenario(
    T,
    'reference as a list of files in a directory tree: no drift, pass',
    { 'ref/2024/a.csv': csv(HEADER, REF.slice(0, 150)), 'ref/2025/b.csv': csv(HEADER, REF.slice(150)), 'current.csv': csv(HEADER, SAME) },
    { reference: 'ref/2024/a.csv,ref/2025/b.csv', current: 'current.csv' },
    {
      verdict: 'pass',
      outputs: noDrift,
      check: (report, _ws, expect) => expect((report.inputs as { path: string }[]).map((f) => f.path)).toEqual(['ref/2024/a.csv', 'ref/2025/b.csv', 'current.csv']),
    },
  ),
  scenario(
    T,
    'paths with spaces pass',
    { 'ref data/reference 2024.csv': csv(HEADER, REF), 'new data/current 2025.csv': csv(HEADER, SAME) },
    { reference: 'ref data/reference 2024.csv', current: 'new data/current 2025.csv', 'html-report': 'out dir/drift report.html' },
    {
      verdict: 'pass',
      outputs: noDrift,
      check: (_report, ws, expect) => expect(existsSync(join(ws, 'out dir/drift report.html'))).toBe(true),
    },
  ),
  scenario(
    T,
    "column names holding %, ; and ] reach every platform's outputs intact",
    {
      'reference.csv': csv(['rate%', 'a;b]c', 'channel'], REF),
      'current.csv': csv(['rate%', 'a;b]c', 'channel'], ALL_SHIFTED),
    },
    { reference: 'reference.csv', current: 'current.csv' },
    { verdict: 'fail', outputs: { 'drifted-columns': 'rate%,a;b]c,channel' } },
  ),
  scenario(T, 'a missing current file is an error naming it', base, { reference: 'reference.csv', current: 'current.csv' }, { verdict: 'error', message: /'current\.csv' does not exist\.$/ }),
  scenario(
    T,
    'a directory given as reference is an error',
    { 'ref/a.csv': csv(HEADER, REF), 'current.csv': csv(HEADER, SAME) },
    { reference: 'ref', current: 'current.csv' },
    { verdict: 'error', message: /'ref' is a directory, not a file\.$/ },
  ),
  scenario(
    T,
    'an unknown method is an error with a suggestion',
    { ...base, 'current.csv': csv(HEADER, SAME) },
    { reference: 'reference.csv', current: 'current.csv', method: 'kss' },
    { verdict: 'error', message: /^Input 'method': unknown method 'kss'/ },
  ),
]
