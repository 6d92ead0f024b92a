// npm run bench [-- name ...]: runs the benchmark scripts in bench/ one after another and prints their tables.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const all = ['cold-start', 'validate', 'drift', 'gate', 'repro']
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all
for (const name of chosen) {
  const file = join(ROOT, 'bench', `${name}.mjs`)
  if (!existsSync(file)) {
    console.log(`\n## ${name}: no benchmark script`)
    continue
  }
  console.log(`\n## ${name}`)
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: ROOT })
  if (r.status !== 0) console.log(`(${name} exited ${r.status})`)
}
