// npm run check:dist [-- --root DIR]: rebuilds metadata and bundles into a temp dir and lists every committed file that differs
// (the worker entry, worker.cjs beside each bundle, included: every file the build writes is compared).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROOT } from './bundle.mjs'

const args = process.argv.slice(2)
const rootIndex = args.indexOf('--root')
const checked = rootIndex >= 0 ? args[rootIndex + 1] : ROOT

mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
const fresh = mkdtempSync(join(ROOT, 'node_modules/.cache/mlgate-check-'))
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', fresh], { stdio: 'ignore' })
  const stale = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name)
      if (statSync(abs).isDirectory()) walk(abs)
      else {
        const rel = relative(fresh, abs)
        const mine = join(checked, rel)
        if (!existsSync(mine)) stale.push(`${rel} (missing)`)
        else if (!readFileSync(mine).equals(readFileSync(abs))) stale.push(rel)
      }
    }
  }
  walk(fresh)
  if (stale.length > 0) {
    console.error(`Generated files are stale or edited by hand; run 'npm run build' and commit:\n  ${stale.join('\n  ')}`)
    process.exitCode = 1
  } else console.log('Generated metadata and bundles are up to date.')
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
