// detect-drift end to end on 1M reference vs 1M shifted current rows, and 356k rows × 100 columns, under Node 24 and
// Node 20, next to a pandas + scipy equivalent.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { CLI, ROOT, nodes, table, timed as timedBest } from './lib.mjs'

const ref = join(ROOT, 'bench/data/fraud.csv')
const cur = join(ROOT, 'bench/data/current.csv')
if (!existsSync(ref)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs')], { stdio: 'inherit' })
if (!existsSync(cur)) execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), '--shift'], { stdio: 'inherit' })

const timed = (cmd, args) => timedBest(cmd, args, 3)

const rows = []
const ourReport = join(tmpdir(), 'mlgate-drift-bench.json')
let best
for (const node of nodes()) {
  const ours = timed(node.path, [CLI, 'detect-drift', '--reference', ref, '--current', cur, '--exclude', 'transaction_id', '--fail-on', 'never', '--report', ourReport])
  best = Math.min(best ?? Infinity, ours.secs)
  rows.push([`mlgate detect-drift, ${node.label} (15 columns, Evidently defaults)`, ours.secs, ours.mb.toFixed(0)])
}
// the same report from pandas + scipy (bench/drift_pandas.py), and the statistics compared
if (spawnSync('/usr/bin/python3', ['-c', 'import pandas, scipy'], { encoding: 'utf8' }).status === 0) {
  const script = join(ROOT, 'bench/drift_pandas.py')
  const theirReport = join(tmpdir(), 'mlgate-drift-bench-pandas.json')
  const full = timedBest('/usr/bin/python3', [script, ref, cur, theirReport], 2)
  rows.push([`pandas + scipy, same report (${(full.secs / best).toFixed(1)}× our time)`, full.secs, full.mb.toFixed(0)])
  const lean = timedBest('/usr/bin/python3', [script, ref, cur, join(tmpdir(), 'mlgate-drift-bench-lean.json'), '--lean'], 2)
  rows.push([`pandas + scipy, drift statistic only (${(lean.secs / best).toFixed(1)}×)`, lean.secs, lean.mb.toFixed(0)])
  const ours = new Map(JSON.parse(readFileSync(ourReport, 'utf8')).columns.map((c) => [c.name, c]))
  let worst = 0
  for (const t of JSON.parse(readFileSync(theirReport, 'utf8'))) {
    const o = ours.get(t.name)
    const pairs = [[o.statistic, t.statistic], [o.effectSize, t.effectSize]]
    if (t.histogram) t.histogram.flat().forEach((v, i) => pairs.push([[...o.histogram.reference, ...o.histogram.current][i], v]))
    for (const [x, y] of pairs) worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300))
  }
  console.log(`largest relative difference between the two reports (statistics, effect sizes, histograms): ${worst.toExponential(1)}`)
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
// mostly unique strings (ids, names): not compared, only counted past the text limit
function unique(path, seed) {
  if (existsSync(path)) return
  let s = seed
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647)
  const lines = ['id,name,v']
  for (let i = 0; i < 1_000_000; i++) lines.push(`u${Math.floor(rnd() * 1e9)},n${i},${rnd().toFixed(6)}`)
  writeFileSync(path, lines.join('\n') + '\n')
}
const uref = join(ROOT, 'bench/data/unique-ref.csv')
const ucur = join(ROOT, 'bench/data/unique-cur.csv')
unique(uref, 7)
unique(ucur, 8)
for (const node of nodes()) {
  const u = timed(node.path, [CLI, 'detect-drift', '--reference', uref, '--current', ucur, '--fail-on', 'never'])
  rows.push([`mlgate detect-drift, ${node.label}, 1M rows with two unique-string columns`, u.secs, u.mb.toFixed(0)])
}
table(['what', 'seconds (best of 3)', 'peak RSS MB'], rows)
