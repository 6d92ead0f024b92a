// Paired bootstrap of an F1 / ROC AUC difference on 100k predictions × 2000 resamples (goal ≤1 s), next to numpy.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { predictions } from './data.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const { cand, base } = predictions()
function timed(cmd, args) {
  const t = process.hrtime.bigint()
  const res = spawnSync(cmd, args, { encoding: 'utf8' })
  return { secs: Number(process.hrtime.bigint() - t) / 1e9, status: res.status, out: res.stdout + res.stderr }
}
const rows = []
for (const metric of ['f1', 'roc_auc']) {
  const run = (resamples) =>
    timed(process.execPath, [
      join(ROOT, 'packages/cli/dist/mlgate.js'),
      'gate-model',
      '--predictions',
      cand,
      '--baseline-predictions',
      base,
      '--rules',
      `${metric} >= baseline - 0.01 significant`,
      '--resamples',
      String(resamples),
      '--fail-on',
      'never',
    ])
  const full = run(2000)
  const floor = run(100)
  rows.push([`mlgate gate-model ${metric}, 2000 resamples (end to end)`, full.secs.toFixed(2), `${(((full.secs - floor.secs) * 2000) / 1900).toFixed(2)} s for the resamples alone`])
}
if (spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) {
  // numpy equivalents of the same paired bootstrap: F1 on confusion counts, AUC on score-rank counts
  const py = `import numpy as np, time
c = np.loadtxt(${JSON.stringify(cand)}, delimiter=',', skiprows=1)
b = np.loadtxt(${JSON.stringify(base)}, delimiter=',', skiprows=1)
rng = np.random.default_rng(0); n = len(c)
y, pc, pb = c[:,0].astype(int), c[:,1].astype(int), b[:,1].astype(int)
t = time.time()
for _ in range(2000):
    i = rng.integers(0, n, n)
    yt = y[i]
    f = lambda p: 2*np.sum((p==1)&(yt==1)) / (np.sum(p==1)+np.sum(yt==1))
    d = f(pc[i]) - f(pb[i])
f1 = time.time() - t
def cells(s):
    u, r = np.unique(s, return_inverse=True)
    return 2 * r + y, 2 * len(u)
ca, ga = cells(c[:,2]); cb, gb = cells(b[:,2])
def auc(k):
    neg, pos = k[0::2], k[1::2]
    below = np.cumsum(neg) - neg
    return np.sum(pos * (below + neg / 2)) / (pos.sum() * neg.sum())
t = time.time()
for _ in range(2000):
    i = rng.integers(0, n, n)
    d = auc(np.bincount(ca[i], minlength=ga)) - auc(np.bincount(cb[i], minlength=gb))
print(round(f1, 2), round(time.time() - t, 2))`
  const res = timed('/usr/bin/python3', ['-c', py])
  const [f1, auc] = res.out.trim().split('\n').pop().split(' ')
  rows.push(['numpy, F1 difference, 2000 resamples (resamples only)', f1, 'vectorised per resample'])
  rows.push(['numpy, ROC AUC difference, 2000 resamples (resamples only)', auc, 'bincount on score ranks per resample'])
}
console.log('| what | seconds | note |\n| --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
