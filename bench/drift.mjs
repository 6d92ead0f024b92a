// detect-drift end to end on 1M reference vs 1M shifted current rows, and 356k rows × 100 columns, under Node 24 and
// Node 20, next to a pandas + scipy equivalent.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { fraud, unique, wide } from './data.mjs'
import { CLI, ROOT, nodes, table, timed as timedBest } from './lib.mjs'

const { ref, cur } = fraud()

const timed = (cmd, args) => timedBest(cmd, args, 3)

const rows = []
const ourReport = join(tmpdir(), 'mlgate-drift-bench.json')
const script = join(ROOT, 'bench/drift_pandas.py')
const theirReport = join(tmpdir(), 'mlgate-drift-bench-pandas.json')
const python = spawnSync('/usr/bin/python3', ['-c', 'import pandas, scipy'], { encoding: 'utf8' }).status === 0
// the runs alternate (ours, then pandas + scipy, three rounds): the machine's speed drifts by ~20 % over
// minutes, and the best of each then comes from the same stretch of time
const runs = [
  ...nodes().map((node) => ({
    label: `mlgate detect-drift, ${node.label} (15 columns, Evidently defaults)`,
    ours: true,
    cmd: node.path,
    args: [CLI, 'detect-drift', '--reference', ref, '--current', cur, '--exclude', 'transaction_id', '--fail-on', 'never', '--report', ourReport],
  })),
  ...(python
    ? [
        { label: 'pandas + scipy, same report', cmd: '/usr/bin/python3', args: [script, ref, cur, theirReport] },
        { label: 'pandas + scipy, drift statistic only', cmd: '/usr/bin/python3', args: [script, ref, cur, join(tmpdir(), 'mlgate-drift-bench-lean.json'), '--lean'] },
      ]
    : []),
]
const bestOf = new Map()
for (let round = 0; round < 3; round++)
  for (const run of runs) {
    const m = timedBest(run.cmd, run.args, 1)
    if (!bestOf.has(run.label) || m.secs < bestOf.get(run.label).secs) bestOf.set(run.label, m)
  }
const best = Math.min(...runs.filter((r) => r.ours).map((r) => bestOf.get(r.label).secs))
for (const run of runs) {
  const m = bestOf.get(run.label)
  rows.push([run.ours ? run.label : `${run.label} (${(m.secs / best).toFixed(1)}× our time)`, m.secs, m.mb.toFixed(0)])
}
// the statistics of the two reports compared
if (python) {
  const ours = new Map(JSON.parse(readFileSync(ourReport, 'utf8')).columns.map((c) => [c.name, c]))
  let worst = 0
  for (const t of JSON.parse(readFileSync(theirReport, 'utf8'))) {
    const o = ours.get(t.name)
    const pairs = [
      [o.statistic, t.statistic],
      [o.effectSize, t.effectSize],
    ]
    if (t.histogram) t.histogram.flat().forEach((v, i) => pairs.push([[...o.histogram.reference, ...o.histogram.current][i], v]))
    for (const [x, y] of pairs) worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300))
  }
  console.log(`largest relative difference between the two reports (statistics, effect sizes, histograms): ${worst.toExponential(1)}`)
}
// the wide case Evidently users reported (356k rows × 100 columns)
const { ref: wref, cur: wcur } = wide()
for (const node of nodes()) {
  const w = timed(node.path, [CLI, 'detect-drift', '--reference', wref, '--current', wcur, '--fail-on', 'never'])
  rows.push([`mlgate detect-drift, ${node.label}, wide: 356k rows × 100 columns`, w.secs, w.mb.toFixed(0)])
}
// mostly unique strings (ids, names): not compared, only counted past the text limit
const { ref: uref, cur: ucur } = unique()
for (const node of nodes()) {
  const u = timed(node.path, [CLI, 'detect-drift', '--reference', uref, '--current', ucur, '--fail-on', 'never'])
  rows.push([`mlgate detect-drift, ${node.label}, 1M rows with two unique-string columns`, u.secs, u.mb.toFixed(0)])
}
table(['what', 'seconds (best of 3)', 'peak RSS MB'], rows)
