// npm run demo: the mlgate pipeline on the bundled example data, with the CLI bundle as any CI would run it.
// Writes every report, the summary, the HTML report and the evidence bundle into one folder it names at the end.
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'packages/cli/dist/mlgate.js')
// relative, so that reports and evidence name files as a repository reader sees them
const DATA = 'examples/data'
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const out = join(ROOT, 'out', `demo-${stamp}`)
const reports = join(out, 'reports')
const evidence = join(out, 'evidence')
mkdirSync(reports, { recursive: true })
const training = join(out, 'training')
cpSync(join(ROOT, DATA, 'training'), training, { recursive: true })

const steps = [
  { task: 'validate-data', args: ['--data', join(DATA, 'current.csv'), '--schema', join(DATA, 'schema.yaml'), '--fail-on', 'never'] },
  {
    task: 'detect-drift',
    args: ['--reference', join(DATA, 'reference.csv'), '--current', join(DATA, 'current.csv'), '--exclude', 'transaction_id', '--fail-on', 'never', '--html-report', join(out, 'drift.html')],
  },
  {
    task: 'gate-model',
    args: [
      '--predictions',
      join(DATA, 'predictions-candidate.csv'),
      '--baseline-predictions',
      join(DATA, 'predictions-baseline.csv'),
      '--candidate',
      join(DATA, 'metrics-candidate.json'),
      '--baseline',
      join(DATA, 'metrics-baseline.json'),
      '--rules',
      join(DATA, 'gate-rules.yaml'),
      '--slice-column',
      'segment',
    ],
  },
  { task: 'check-reproducibility', cwd: training, args: ['--lockfiles', 'none', '--command', 'node train.mjs', '--outputs', 'out/metrics.json,out/predictions.csv'] },
  { task: 'require-approval', args: ['--mode', 'cli', '--decision-file', join(DATA, 'approval-decision.json'), '--decision-path', join(out, 'approval', 'decision.json')] },
  // the scheduled loop, on the same two files as its first window: keep, retrain or escalate (on a terminal it says what it would do)
  {
    task: 'monitor',
    args: [
      '--reference',
      join(DATA, 'reference.csv'),
      '--current',
      join(DATA, 'current.csv'),
      '--exclude',
      'transaction_id',
      '--history',
      `dir:${join(out, 'monitor-history')}`,
      '--history-init',
      '--retrain-workflow',
      'retrain.yml',
      '--html-report',
      join(out, 'monitor.html'),
    ],
  },
]

const env = { ...process.env, MLGATE_SUMMARY: join(out, 'summary.md'), MLGATE_WORKSPACE: join(out, 'workspace') }
let worst = 0
for (const step of steps) {
  console.log(`\n▶ mlgate ${step.task}`)
  const r = spawnSync(process.execPath, [CLI, step.task, ...step.args, '--report', join(reports, `${step.task}.json`), '--evidence-dir', evidence], { cwd: step.cwd ?? ROOT, encoding: 'utf8', env })
  process.stderr.write(r.stderr)
  const verdict = r.status === 2 ? 'error' : JSON.parse(readFileSync(join(reports, `${step.task}.json`), 'utf8')).verdict
  appendFileSync(join(out, 'verdicts.txt'), `${step.task}: ${verdict}\n`)
  worst = Math.max(worst, r.status ?? 2)
  if (r.status === 2) break
}

const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' })
const bundle = cli('evidence', 'bundle', '--dir', evidence, '--out', join(out, 'evidence-bundle.jsonl'))
const html = cli('report', 'html', '--reports', reports, '--out', join(out, 'report.html'))
for (const r of [bundle, html]) if (r.status !== 0) process.stderr.write(r.stderr)

const rel = (p) => relative(process.cwd(), p) || p
console.log(`\n${readFileSync(join(out, 'verdicts.txt'), 'utf8')}`)
console.log(`Demo finished. Everything is in ${rel(out)}:`)
console.log(`  summary        ${rel(join(out, 'summary.md'))}`)
console.log(`  evidence       ${rel(join(out, 'evidence-bundle.jsonl'))} (+ .md audit summary)`)
console.log(`  HTML report    ${rel(join(out, 'report.html'))}`)
console.log(`  monitor trends ${rel(join(out, 'monitor.html'))}`)
process.exitCode = worst === 2 ? 2 : 0
