// validate-data throughput on the 1M-row fraud-like CSV (and Parquet), next to pandas.read_csv when python3-pandas is present.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const DATA = join(ROOT, 'bench/data/fraud')
if (!existsSync(`${DATA}.csv`) || !existsSync(`${DATA}.parquet`)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), '--parquet'], { stdio: 'inherit' })
const schema = join(ROOT, 'bench/fixtures/fraud.schema.yaml')

function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8' })
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  return { secs, mb: kb / 1024, status: r.status, out: r.stdout }
}

const rows = []
for (const ext of ['csv', 'parquet']) {
  const file = `${DATA}.${ext}`
  const mb = statSync(file).size / 1e6
  const r = timed(process.execPath, [join(ROOT, 'packages/cli/dist/mlgate.js'), 'validate-data', '--data', file, '--schema', schema])
  rows.push([`mlgate validate-data (${ext}, typed + constrained)`, r.secs, (mb / r.secs).toFixed(0), r.mb.toFixed(0), r.status])
}
const py = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' })
if (py.status === 0) {
  const script = `import pandas as pd\ndf = pd.read_csv(${JSON.stringify(`${DATA}.csv`)})\nassert len(df) > 0`
  const r = timed('/usr/bin/python3', ['-c', script])
  rows.push(['pandas.read_csv (parse only, no checks)', r.secs, (statSync(`${DATA}.csv`).size / 1e6 / r.secs).toFixed(0), r.mb.toFixed(0), r.status])
} else rows.push(['pandas.read_csv', '—', 'python3-pandas not installed', '—', '—'])

console.log(`| what | seconds | MB/s | peak RSS MB | exit |\n| --- | --- | --- | --- | --- |`)
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
