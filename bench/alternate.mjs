// node bench/alternate.mjs --base <commit> [--head <commit>] [--runs N (9)] [--only <regex>] [--node <path>] [--limit <percent>]
//
// The speed of two builds of mlgate on the same data and machine: validate 1M rows, drift 1M vs 1M and the wide drift
// case (356k rows × 100 columns), each run with the CLI bundle of the base commit and of the head (a commit, built in
// its worktree, or by default this working tree) in alternation after one untimed run of each, so that both see the
// same stretch of a machine whose speed drifts: base, head in odd rounds, head, base in even ones (a machine getting
// busier or quieter over the minutes then favours neither). Prints per case and side the median, min and max wall
// time, the median CPU time (user + system: less moved by other processes) and peak RSS, and head/base as the ratio
// of the wall medians, of the CPU medians, and the median (min–max) of each round's pair. Exits 1 when a case's head
// wall median is more than --limit percent (default 5) slower than the base's.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as benchData from './data.mjs'
import { measure, table } from './lib.mjs'
import { defaultNode, options, withSides } from './sides.mjs'

function cases(tmp) {
  const f = benchData.fraud()
  const w = benchData.wide()
  const report = join(tmp, 'report.json')
  return [
    { id: 'validate 1M rows (CSV, typed + constrained + unique key)', args: ['validate-data', '--data', f.ref, '--schema', benchData.SCHEMA, '--report', report] },
    { id: 'drift 1M vs 1M', args: ['detect-drift', '--reference', f.ref, '--current', f.cur, '--exclude', 'transaction_id', '--fail-on', 'never', '--report', report] },
    { id: 'drift wide: 356k rows × 100 columns', args: ['detect-drift', '--reference', w.ref, '--current', w.cur, '--fail-on', 'never', '--report', report] },
  ]
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

function runOnce(node, side, c) {
  const m = measure(node, [side.cli, ...c.args])
  if (m.status !== 0) throw new Error(`${side.label} exited ${m.status} on '${c.id}':\n${m.err}`)
  return m
}

function measureAll(list, sides, node, runs) {
  const times = list.map(() => sides.map(() => []))
  for (const c of list) for (const s of sides) runOnce(node, s, c)
  for (let round = 0; round < runs; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0]
    for (const [i, c] of list.entries()) for (const j of order) times[i][j].push(runOnce(node, sides[j], c))
    process.stdout.write(`round ${round + 1}/${runs} done (load ${load()})\n`)
  }
  return times
}

function summarize(list, times, limit) {
  const rows = []
  let slower = 0
  const secs = (ms) => ms.map((m) => m.secs)
  const cpu = (ms) => median(ms.map((m) => m.cpu))
  const mb = (ms) => median(ms.map((m) => m.mb)).toFixed(0)
  const cell = (ms) => `${median(secs(ms)).toFixed(3)} (${Math.min(...secs(ms)).toFixed(3)}–${Math.max(...secs(ms)).toFixed(3)}); CPU ${cpu(ms).toFixed(2)}; ${mb(ms)} MB`
  for (const [i, c] of list.entries()) {
    const [base, head] = times[i]
    const ratio = median(secs(head)) / median(secs(base))
    const pairs = head.map((m, k) => m.secs / base[k].secs)
    if (ratio > 1 + limit / 100) slower++
    const flag = ratio > 1 + limit / 100 ? ` (> ${1 + limit / 100}: slower)` : ''
    const paired = `${median(pairs).toFixed(3)} (${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)})`
    rows.push([c.id, cell(base), cell(head), `${ratio.toFixed(3)}${flag}`, (cpu(head) / cpu(base)).toFixed(3), paired])
  }
  return { rows, slower }
}

async function main() {
  const o = options(process.argv.slice(2), ['build', 'no-build', 'keep'])
  if (!o.base) throw new Error('usage: node bench/alternate.mjs --base <commit> [--head <commit>] [--runs N] [--only <regex>] [--node <path>] [--limit <percent>]')
  const runs = Number(o.runs ?? 9)
  const limit = Number(o.limit ?? 5)
  await withSides(o, 'mlgate-alternate-', async (sides, tmp) => {
    const node = o.node ?? defaultNode()
    const list = cases(tmp).filter((c) => new RegExp(o.only ?? '.').test(c.id))
    const started = Date.now()
    console.log(`base: ${sides[0].name}\nhead: ${sides[1].name}\n${runs} alternating rounds after one warm-up, run by ${node}; load before: ${load()}`)
    const times = measureAll(list, sides, node, runs)
    const { rows, slower } = summarize(list, times, limit)
    console.log(`\nload after: ${load()}; ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
    table(['case', 'base: wall s median (min–max); CPU s; peak RSS', 'head: same', 'head/base wall medians', 'head/base CPU medians', 'head/base per round: median (min–max)'], rows)
    console.log(slower === 0 ? `\nno case more than ${limit} % slower` : `\n${slower} case(s) more than ${limit} % slower`)
    process.exitCode = slower === 0 ? 0 : 1
  })
}

main().catch((e) => {
  console.error(`alternate: ${e.message}`)
  process.exitCode = 2
})
