// Cold start of the validate-data action bundle on a tiny CSV, as the GitHub runner starts it (goal: median ≤150 ms).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const runs = Number(process.env.RUNS ?? 21)
const dir = mkdtempSync(join(tmpdir(), 'mlgate-cold-'))
const data = join(dir, 'tiny.csv')
writeFileSync(data, 'id,amount\n1,2.5\n2,3.5\n')

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(args, env) {
  const ms = []
  for (let i = 0; i < runs; i++) {
    for (const f of ['out', 'summary']) writeFileSync(join(dir, f), '')
    const t = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' })
    ms.push(Number(process.hrtime.bigint() - t) / 1e6)
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  }
  return median(ms)
}

const env = { INPUT_DATA: data, GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
const bare = time(['-e', ''], {})
const action = time([join(ROOT, 'actions/validate-data/dist/index.js')], env)
const cli = time([join(ROOT, 'packages/cli/dist/mlgate.js'), 'validate-data', '--data', data], {})
console.log(`cold start, median of ${runs} runs on ${process.version}`)
console.log(`| what | median ms |\n| --- | --- |`)
console.log(`| node -e '' (floor) | ${bare.toFixed(1)} |`)
console.log(`| validate-data action bundle | ${action.toFixed(1)} |`)
console.log(`| mlgate validate-data (CLI bundle) | ${cli.toFixed(1)} |`)
console.log(action <= 150 ? 'goal ≤150 ms: met' : 'goal ≤150 ms: NOT met')
