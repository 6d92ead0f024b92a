// npm run demo: runs the mlgate pipeline on the bundled example data with the CLI bundle and names the folder it wrote.
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'packages/cli/dist/mlgate.js')
const DATA = join(ROOT, 'examples/data')
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const out = join(ROOT, 'out', `demo-${stamp}`)
mkdirSync(out, { recursive: true })
const summary = join(out, 'summary.md')

const steps = [
  { task: 'validate-data', args: ['--data', join(DATA, 'current.csv'), '--schema', join(DATA, 'schema.yaml'), '--fail-on', 'never'] },
  { task: 'detect-drift', args: ['--reference', join(DATA, 'reference.csv'), '--current', join(DATA, 'current.csv'), '--exclude', 'transaction_id', '--fail-on', 'never', '--html-report', join(out, 'drift.html')] },
]

let worst = 0
for (const step of steps) {
  const report = join(out, `${step.task}.json`)
  console.log(`\n▶ mlgate ${step.task}`)
  const r = spawnSync(process.execPath, [CLI, step.task, ...step.args, '--report', report], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MLGATE_SUMMARY: summary, MLGATE_WORKSPACE: join(out, '.mlgate') },
  })
  process.stdout.write(r.stdout)
  process.stderr.write(r.stderr)
  worst = Math.max(worst, r.status ?? 2)
  if (r.status === 2) break
  const verdict = JSON.parse(readFileSync(report, 'utf8')).verdict
  appendFileSync(join(out, 'verdicts.txt'), `${step.task}: ${verdict}\n`)
}

console.log(`\nDemo finished. Reports, summary and evidence are in ${relative(process.cwd(), out) || out}`)
console.log(`  summary: ${relative(process.cwd(), summary)}`)
process.exitCode = worst === 2 ? 2 : 0
