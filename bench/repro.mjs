// Manifest hashing: one 1 GB file and 10 000 small files, next to sha256sum.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const dir = join(ROOT, 'bench/data/repro')
mkdirSync(join(dir, 'many'), { recursive: true })
const big = join(dir, 'big.bin')
if (!existsSync(big)) {
  const fd = openSync(big, 'w')
  const block = Buffer.alloc(1 << 24)
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24
  for (let i = 0; i < 64; i++) writeSync(fd, block)
  closeSync(fd)
}
if (!existsSync(join(dir, 'many', 'f9999.txt'))) for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, 'many', `f${i}.txt`), `file ${i}\n`.repeat(20))
const cli = join(ROOT, 'packages/cli/dist/mlgate.js')
function timed(cmd, args, cwd) {
  const t = process.hrtime.bigint()
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return Number(process.hrtime.bigint() - t) / 1e9
}
rmSync(join(dir, 'mlgate.lock'), { force: true })
const rows = []
const a = timed(process.execPath, [cli, 'check-reproducibility', '--paths', 'big.bin', '--update', '--manifest', 'big.lock', '--lockfiles', 'none'], dir)
rows.push(['mlgate manifest, 1 GiB file', a.toFixed(2), (1024 / a).toFixed(0)])
rows.push(['sha256sum, 1 GiB file', timed('sha256sum', [big]).toFixed(2), (1024 / timed('sha256sum', [big])).toFixed(0)])
const b = timed(process.execPath, [cli, 'check-reproducibility', '--paths', 'many', '--update', '--manifest', 'many.lock', '--lockfiles', 'none'], dir)
rows.push(['mlgate manifest, 10 000 small files (directory)', b.toFixed(2), '—'])
const c = timed('sh', ['-c', 'find many -type f -print0 | xargs -0 sha256sum > /dev/null'], dir)
rows.push(['find | xargs sha256sum, 10 000 small files', c.toFixed(2), '—'])
console.log('| what | seconds | MiB/s |\n| --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
