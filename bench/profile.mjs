// Profiles beside exact mode: profile throughput per shard (MB/s), merge time for 2…256 shards, profile size per column,
// the verdicts of profile mode against exact mode's on the bench data, and (with --big N) drift of N vs N rows in
// profile mode with its peak RSS and exact mode's beside it.
//   node bench/profile.mjs               1M-row bench data (bench/data.mjs)
//   node bench/profile.mjs --big 20000000  adds N vs N rows (writes 2 × ~2.9 GB into bench/data/; minutes)
//   node bench/profile.mjs --big 20000000 --only-big   the N vs N rows alone
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { DATA, fraud } from './data.mjs'
import { CLI, ROOT, measure, nodes, table } from './lib.mjs'

const args = process.argv.slice(2)
const big = args.includes('--big') ? Number(args[args.indexOf('--big') + 1]) : 0
// --only-big: the N vs N drift alone
const small = !args.includes('--only-big')
// Node 24 when it is installed (what the actions run on), else this machine's
const node = nodes()[0]?.path ?? process.execPath
const work = mkdtempSync(join(tmpdir(), 'mlgate-profile-bench-'))
const mlgate = (...a) => measure(node, [CLI, ...a], { cwd: work })
const ok = (r, what) => {
  if (r.status !== 0 && r.status !== 1) throw new Error(`${what} exited ${r.status}:\n${r.err}`)
  return r
}
const mb = (path) => statSync(path).size / 2 ** 20
const best = (runs, fn) => Array.from({ length: runs }, fn).sort((a, b) => a.secs - b.secs)[0]

if (small) await smallRuns()

async function smallRuns() {
  const { ref, cur } = fraud()
  console.log(`## Profile throughput (${node}), data ${ref} (${mb(ref).toFixed(0)} MB) and ${cur}\n`)
  const throughput = []
  const refBuild = best(3, () => ok(mlgate('profile', '--data', ref, '--out', 'ref.profile.json'), 'profile the reference'))
  throughput.push(['reference, edges from its own quantiles', mb(ref).toFixed(0), refBuild.secs.toFixed(2), (mb(ref) / refBuild.secs).toFixed(0), refBuild.mb.toFixed(0)])
  for (const n of [1, 4, 16]) {
    const shard = best(3, () => ok(mlgate('profile', '--data', cur, '--edges-from', 'ref.profile.json', '--shard', `1/${n}`, '--out', `cur-1-of-${n}.profile.json`), 'profile a shard'))
    throughput.push([`current, shard 1/${n} on the reference's edges`, (mb(cur) / n).toFixed(0), shard.secs.toFixed(2), (mb(cur) / n / shard.secs).toFixed(0), shard.mb.toFixed(0)])
  }
  const exact = best(3, () => ok(mlgate('detect-drift', '--reference', ref, '--current', cur, '--exclude', 'transaction_id', '--fail-on', 'never', '--mode', 'exact'), 'exact drift'))
  throughput.push([
    'exact mode beside it: detect-drift 1M vs 1M (both sides read)',
    (mb(ref) + mb(cur)).toFixed(0),
    exact.secs.toFixed(2),
    ((mb(ref) + mb(cur)) / exact.secs).toFixed(0),
    exact.mb.toFixed(0),
  ])
  table(['run', 'MB', 's (best of 3)', 'MB/s', 'peak RSS MB'], throughput)

  console.log('\n## Profile size per column\n')
  const profile = JSON.parse(readFileSync(join(work, 'ref.profile.json'), 'utf8'))
  const sizes = profile.columns.map((c) => {
    const text = JSON.stringify(c)
    return [
      c.name,
      c.bins ? `${c.bins.edges.length + 1} bins` : c.categories ? `${Object.keys(c.categories.counts).length} categories` : '—',
      (text.length / 1024).toFixed(1),
      (gzipSync(text).length / 1024).toFixed(1),
    ]
  })
  table(['column', 'kept', 'KB', 'KB gzip'], sizes)
  console.log(`\nwhole profile: ${(statSync(join(work, 'ref.profile.json')).size / 1024).toFixed(0)} KB for ${profile.columns.length} columns`)

  console.log('\n## Merge time\n')
  // 256 shard files of 1000 rows each (a merge costs per column and bin, not per row), profiled two at a time
  const lines = readFileSync(cur, 'utf8').split('\n', 256_001)
  const shardsDir = join(work, 'shards')
  mkdirSync(shardsDir)
  for (let i = 0; i < 256; i++) writeFileSync(join(shardsDir, `s${i + 1}.csv`), `${lines[0]}\n${lines.slice(1 + i * 1000, 1 + (i + 1) * 1000).join('\n')}\n`)
  const run = promisify(execFile)
  const queue = Array.from({ length: 256 }, (_, i) => i + 1)
  await Promise.all(
    [0, 1].map(async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift())
        await run(node, [CLI, 'profile', '--data', `shards/s${i}.csv`, '--edges-from', 'ref.profile.json', '--out', `shards/s${i}.profile.json`], { cwd: work })
    }),
  )
  const startup = best(3, () => measure(node, [CLI, '--version'])).secs
  const merges = []
  for (const n of [2, 4, 16, 64, 256]) {
    const files = Array.from({ length: n }, (_, i) => `shards/s${i + 1}.profile.json`)
    const r = best(3, () => ok(mlgate('profile', 'merge', ...files, '--out', `merged-${n}.profile.json`), 'merge'))
    merges.push([n, r.secs.toFixed(3), Math.max(0, r.secs - startup).toFixed(3), r.mb.toFixed(0)])
  }
  table(['shards', 'mlgate profile merge, s', 'less the start of the command, s', 'peak RSS MB'], merges)

  console.log('\n## Verdicts: profile mode against exact mode on the bench data\n')
  const verdicts = []
  for (const method of ['psi', 'jensenshannon', 'chisquare']) {
    const m =
      method === 'chisquare'
        ? ['--method', 'merchant_category:chisquare,country:chisquare,channel:chisquare,is_weekend:chisquare', '--columns', 'merchant_category,country,channel,is_weekend']
        : ['--method', method, '--exclude', 'transaction_id']
    const run = (mode) => {
      ok(mlgate('detect-drift', '--reference', ref, '--current', cur, ...m, '--fail-on', 'never', '--mode', mode, '--report', `${method}-${mode}.json`), `${method} ${mode}`)
      return JSON.parse(readFileSync(join(work, `${method}-${mode}.json`), 'utf8'))
    }
    const e = run('exact')
    const p = run('profile')
    const byName = new Map(p.columns.map((c) => [c.name, c]))
    const differ = e.columns.filter((c) => byName.get(c.name)?.drifted !== c.drifted).map((c) => c.name)
    verdicts.push([method, e.columns.length, e.columns.filter((c) => c.drifted).length, p.columns.filter((c) => c.drifted).length, differ.length ? differ.join(', ') : 'none'])
  }
  table(['method', 'columns', 'drifted (exact)', 'drifted (profile)', 'columns whose verdict differs'], verdicts)
}

if (big) {
  console.log(`\n## Drift of ${big.toLocaleString('en')} vs ${big.toLocaleString('en')} rows\n`)
  mkdirSync(DATA, { recursive: true })
  const bigRef = join(DATA, `fraud-${big}.csv`)
  const bigCur = join(DATA, `current-${big}.csv`)
  const gen = (out, shift) =>
    existsSync(out) ||
    execFileSync(node, [join(ROOT, 'bench/generate-data.mjs'), '--rows', String(big), '--out', out.replace(/\.csv$/, ''), ...(shift ? ['--shift'] : [])], { stdio: 'inherit', cwd: ROOT })
  gen(bigRef, false)
  gen(bigCur, true)
  const rows = []
  const drift = (label, reference, mode, report) => {
    const r = ok(mlgate('detect-drift', '--reference', reference, '--current', bigCur, '--exclude', 'transaction_id', '--fail-on', 'never', '--mode', mode, '--report', report), label)
    const json = JSON.parse(readFileSync(join(work, report), 'utf8'))
    rows.push([label, r.secs.toFixed(1), r.mb.toFixed(0), json.verdict, json.driftedColumns.join(', ')])
  }
  // the reference profiled once (its edges need its quantiles: this pass holds its numeric columns), then the
  // current side streamed on its edges; and the same in one step, and exact mode
  const built = ok(mlgate('profile', '--data', bigRef, '--out', 'big-ref.profile.json'), 'big reference profile')
  rows.push(['mlgate profile of the reference (edges from its quantiles)', built.secs.toFixed(1), built.mb.toFixed(0), '', ''])
  drift('detect-drift, reference profile vs current data, mode profile', 'big-ref.profile.json', 'profile', 'big-profile.json')
  // both sides as data in profile mode is the two runs above in one (--with-raw to measure it too)
  if (args.includes('--with-raw')) drift('detect-drift, both sides data, mode profile', bigRef, 'profile', 'big-profile-raw.json')
  drift('detect-drift, both sides data, mode exact', bigRef, 'exact', 'big-exact.json')
  table(['run', 's', 'peak RSS MB', 'verdict', 'drifted'], rows)
}
rmSync(work, { recursive: true, force: true })
