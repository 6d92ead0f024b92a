// validate-data throughput: 1M rows × 16 columns as CSV and Parquet, and the CSV ten times over (memory must stay flat),
// under Node 24 and Node 20, next to pandas.read_csv when python3-pandas is present.
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCHEMA, fraud, looseSchema as looseSchemaIn } from './data.mjs'
import { CLI, ROOT, nodes, table, timed } from './lib.mjs'

fraud({ parquet: true })
const DATA = join(ROOT, 'bench/data/fraud')
const schema = SCHEMA

// ten copies of the rows: transaction_id repeats, so that schema drops the unique key
const TEN = join(ROOT, 'bench/data/fraud-x10.csv')
if (!existsSync(TEN)) {
  const csv = readFileSync(`${DATA}.csv`)
  const body = csv.subarray(csv.indexOf(10) + 1)
  writeFileSync(TEN, csv.subarray(0, csv.indexOf(10) + 1))
  for (let i = 0; i < 10; i++) appendFileSync(TEN, body)
}
const looseSchema = looseSchemaIn(tmpdir())

const mb = (f) => statSync(f).size / 1e6
const rows = []
for (const node of nodes()) {
  for (const [what, file, s] of [
    ['CSV 1M rows, typed + constrained + unique key', `${DATA}.csv`, schema],
    ['CSV 1M rows, no unique key', `${DATA}.csv`, looseSchema],
    ['CSV 10M rows (10× the bytes), no unique key', TEN, looseSchema],
    ['Parquet 1M rows, typed + constrained + unique key', `${DATA}.parquet`, schema],
    ['Parquet 1M rows, no unique key', `${DATA}.parquet`, looseSchema],
  ]) {
    const r = timed(node.path, [CLI, 'validate-data', '--data', file, '--schema', s], 3)
    rows.push([`mlgate, ${node.label}: ${what}`, mb(file).toFixed(0), r.secs, (mb(file) / r.secs).toFixed(0), r.mb.toFixed(0), r.status])
  }
}
if (spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0) {
  const script = `import pandas as pd\ndf = pd.read_csv(${JSON.stringify(`${DATA}.csv`)})\nassert len(df) > 0`
  const r = timed('/usr/bin/python3', ['-c', script], 1)
  rows.push(['pandas.read_csv (parse only, no checks), CSV 1M rows', mb(`${DATA}.csv`).toFixed(0), r.secs, (mb(`${DATA}.csv`) / r.secs).toFixed(0), r.mb.toFixed(0), r.status])
} else rows.push(['pandas.read_csv', '—', '—', 'python3-pandas not installed', '—', '—'])
table(['what', 'MB', 'seconds (best of 3)', 'MB/s', 'peak RSS MB', 'exit'], rows)
