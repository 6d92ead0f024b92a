// detect-drift end to end on 1M reference vs 1M shifted current rows, and 356k rows × 100 columns, under Node 24 and
// Node 20, next to a pandas + scipy equivalent.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { CLI, ROOT, nodes, table, timed as timedBest } from './lib.mjs'

const ref = join(ROOT, 'bench/data/fraud.csv')
const cur = join(ROOT, 'bench/data/current.csv')
if (!existsSync(ref)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs')], { stdio: 'inherit' })
if (!existsSync(cur)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), '--shift'], { stdio: 'inherit' })

const timed = (cmd, args) => timedBest(cmd, args, 3)

const rows = []
for (const node of nodes()) {
  const ours = timed(node.path, [CLI, 'detect-drift', '--reference', ref, '--current', cur, '--exclude', 'transaction_id', '--fail-on', 'never'])
  rows.push([`mlgate detect-drift, ${node.label} (15 columns, Evidently defaults)`, ours.secs, ours.mb.toFixed(0)])
}
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
  const py = timedBest('/usr/bin/python3', [script], 1)
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
for (const node of nodes()) {
  const w = timed(node.path, [CLI, 'detect-drift', '--reference', wref, '--current', wcur, '--fail-on', 'never'])
  rows.push([`mlgate detect-drift, ${node.label}, wide: 356k rows × 100 columns`, w.secs, w.mb.toFixed(0)])
}
table(['what', 'seconds (best of 3)', 'peak RSS MB'], rows)
