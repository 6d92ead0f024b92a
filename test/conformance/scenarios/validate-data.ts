import { gzipSync } from 'node:zlib'
import { csv, slice } from '../data.ts'
import type { Cell } from '../data.ts'
import { scenario } from '../scenario.ts'
import type { Scenario } from '../scenario.ts'

const SCHEMA = `fields:
  - name: id
    type: integer
    constraints: { required: true }
  - name: amount
    type: number
    constraints: { minimum: 0 }
  - name: plan
    type: string
    constraints: { enum: [free, pro] }
`
const HEADER = ['id', 'amount', 'plan']
const ROWS: Cell[][] = Array.from({ length: 40 }, (_, i) => [i + 1, Number((i * 1.25).toFixed(2)), i % 3 ? 'free' : 'pro'])
/** Two errors: a negative amount (row 6) and a plan outside the enum (row 31). */
const BAD: Cell[][] = ROWS.map((r, i) => (i === 4 ? [r[0], -3, r[2]] : i === 29 ? [r[0], r[1], 'gold'] : r))
const [PART1, PART2, PART3] = slice(ROWS, 3)
const [BAD1, BAD2, BAD3] = slice(BAD, 3)
const valid = (rows: number) => ({ valid: 'true', 'row-count': String(rows), 'error-count': '0' })

const T = 'validate-data'
export const VALIDATE_DATA: Scenario[] = [
  scenario(T, 'one valid CSV file passes', { 'data.csv': csv(HEADER, ROWS), 'schema.yaml': SCHEMA }, { data: 'data.csv', schema: 'schema.yaml' }, { verdict: 'pass', outputs: valid(40) }),
  scenario(
    T,
    'without a schema only the structure is checked: warn',
    { 'data.csv': csv(HEADER, ROWS) },
    { data: 'data.csv' },
    { verdict: 'warn', outputs: valid(40), headline: /No schema was given/ },
  ),
  scenario(
    T,
    'a value below the minimum and one outside the enum fail',
    { 'data.csv': csv(HEADER, BAD), 'schema.yaml': SCHEMA },
    { data: 'data.csv', schema: 'schema.yaml' },
    {
      verdict: 'fail',
      outputs: { valid: 'false', 'row-count': '40', 'error-count': '2' },
      check: (report, _ws, expect) => expect((report.errors as { rowNumber: number }[]).map((e) => e.rowNumber)).toEqual([6, 31]),
    },
  ),
  scenario(
    T,
    'a glob of three shards with one bad row in each of two fails',
    { 'shards/part-1.csv': csv(HEADER, BAD1), 'shards/part-2.csv': csv(HEADER, BAD2), 'shards/part-3.csv': csv(HEADER, BAD3), 'schema.yaml': SCHEMA },
    { data: 'shards/part-*.csv', schema: 'schema.yaml' },
    {
      verdict: 'fail',
      outputs: { valid: 'false', 'row-count': '40', 'error-count': '2' },
      check: (report, _ws, expect) => expect((report.errors as { file: string }[]).map((e) => e.file)).toEqual(['shards/part-1.csv', 'shards/part-3.csv']),
    },
  ),
  scenario(
    T,
    'a recursive glob over a directory tree passes',
    { 'lake/2024/01.csv': csv(HEADER, PART1), 'lake/2024/02.csv': csv(HEADER, PART2), 'lake/2025/01.csv': csv(HEADER, PART3), 'lake/README.md': 'not data\n', 'schema.yaml': SCHEMA },
    { data: 'lake/**/*.csv', schema: 'schema.yaml' },
    {
      verdict: 'pass',
      outputs: valid(40),
      check: (report, _ws, expect) => expect((report.inputs as { path: string }[]).map((f) => f.path)).toEqual(['lake/2024/01.csv', 'lake/2024/02.csv', 'lake/2025/01.csv']),
    },
  ),
  scenario(
    T,
    'paths with spaces (data, schema and report) pass',
    { 'my data/train set.csv': csv(HEADER, ROWS), 'my schema.yaml': SCHEMA },
    { data: 'my data/train set.csv', schema: 'my schema.yaml' },
    { verdict: 'pass', outputs: { ...valid(40), 'report-path': 'out dir/report 1.json' } },
    'out dir/report 1.json',
  ),
  scenario(
    T,
    'a gzip-compressed CSV with one bad row fails',
    { 'data.csv.gz': gzipSync(csv(HEADER, BAD.slice(0, 10))), 'schema.yaml': SCHEMA },
    { data: 'data.csv.gz', schema: 'schema.yaml' },
    {
      verdict: 'fail',
      outputs: { valid: 'false', 'row-count': '10', 'error-count': '1' },
    },
  ),
  scenario(
    T,
    'fail-on never reports errors as a warning',
    { 'data.csv': csv(HEADER, BAD), 'schema.yaml': SCHEMA },
    { data: 'data.csv', schema: 'schema.yaml', 'fail-on': 'never' },
    { verdict: 'warn', outputs: { valid: 'false', 'error-count': '2' } },
  ),
  scenario(T, 'a missing data file is an error naming it', {}, { data: 'no such.csv' }, { verdict: 'error', message: /^The data file 'no such\.csv' does not exist\.$/ }),
  scenario(T, 'a directory given as data is an error', { 'data/a.csv': csv(HEADER, ROWS) }, { data: 'data' }, { verdict: 'error', message: /^The data file 'data' is a directory, not a file\.$/ }),
  scenario(
    T,
    'a schema with a misspelt type is an error naming the file',
    { 'data.csv': csv(HEADER, ROWS), 'schema.yaml': 'fields:\n  - name: id\n    type: integr\n' },
    { data: 'data.csv', schema: 'schema.yaml' },
    { verdict: 'error', message: /^The schema 'schema\.yaml' is invalid: fields\[0\]\.type must be one of .*did you mean 'integer'/ },
  ),
]
