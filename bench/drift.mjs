// detect-drift end to end on 1M reference vs 1M shifted current rows, next to a pandas + scipy equivalent.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'

const ROOT = resolve(import.meta.dirname, '..')
const ref = join(ROOT, 'bench/data/fraud.csv')
const cur = join(ROOT, 'bench/data/current.csv')
if (!existsSync(ref)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs')], { stdio: 'inherit' })
if (!existsSync(cur)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), '--shift'], { stdio: 'inherit' })

function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8' })
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  return { secs, mb: kb / 1024, status: r.status }
}

const rows = []
const ours = timed(process.execPath, [join(ROOT, 'packages/cli/dist/mlgate.js'), 'detect-drift', '--reference', ref, '--current', cur, '--exclude', 'transaction_id', '--fail-on', 'never'])
rows.push(['mlgate detect-drift (15 columns, Evidently defaults)', ours.secs, ours.mb.toFixed(0)])
if (spawnSync('/usr/bin/python3', ['-c', 'import pandas, scipy'], { encoding: 'utf8' }).status === 0) {
  const script = join(tmpdir(), 'mlgate-drift-bench.py')
  writeFileSync(
    script,
    `import pandas as pd, numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
r = pd.read_csv(${JSON.stringify(ref)}).drop(columns=['transaction_id'])
c = pd.read_csv(${JSON.stringify(cur)}).drop(columns=['transaction_id'])
out = {}
for col in r.columns:
    a, b = r[col].dropna(), c[col].dropna()
    if a.dtype.kind == 'f' and a.nunique() > 5:
        w = stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)
        out[col] = w >= 0.1
    else:
        cats = sorted(set(a.unique()) | set(b.unique()), key=str)
        p = a.value_counts(normalize=True).reindex(cats, fill_value=0).values
        q = b.value_counts(normalize=True).reindex(cats, fill_value=0).values
        out[col] = jensenshannon(np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q), base=2) >= 0.1
print(sum(out.values()), 'of', len(out))
`,
  )
  const py = timed('/usr/bin/python3', [script])
  rows.push(['pandas.read_csv + scipy (same tests)', py.secs, py.mb.toFixed(0)])
}
// the wide case Evidently users reported (356k rows × 100 columns)
function wide(path, shift) {
  if (existsSync(path)) return
  let seed = shift ? 99 : 98
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const cols = Array.from({ length: 100 }, (_, j) => `c${j}`)
  const lines = [cols.join(',')]
  for (let i = 0; i < 356_000; i++) lines.push(cols.map((_, j) => (j % 10 === 9 ? ['a', 'b', 'c', 'd'][Math.floor(rnd() * 4)] : (rnd() + (shift && j % 3 === 0 ? 0.05 : 0)).toFixed(5))).join(','))
  writeFileSync(path, lines.join('\n') + '\n')
}
const wref = join(ROOT, 'bench/data/wide-ref.csv')
const wcur = join(ROOT, 'bench/data/wide-cur.csv')
wide(wref, false)
wide(wcur, true)
const w = timed(process.execPath, [join(ROOT, 'packages/cli/dist/mlgate.js'), 'detect-drift', '--reference', wref, '--current', wcur, '--fail-on', 'never'])
rows.push(['mlgate detect-drift, wide: 356k rows × 100 columns', w.secs, w.mb.toFixed(0)])
console.log('| what | seconds | peak RSS MB |\n| --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
