// npm run build [-- --out DIR] [-- --metadata-only]: writes metadata and bundles (to DIR instead of the repo when given).
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { rm } from 'node:fs/promises'
import { ROOT, bundleCjs, bundleEsm, bundleEsmSplit, bundleWorker, importTs } from './bundle.mjs'
import { WASM_MODULES, wasmModule } from './wasm.mjs'
import { SHAPE_VALIDATOR, shapeValidatorModule } from './shape-validator.mjs'

const args = process.argv.slice(2)
const outIndex = args.indexOf('--out')
const outRoot = outIndex >= 0 ? args[outIndex + 1] : ROOT
const metadataOnly = args.includes('--metadata-only')

async function writeIfChanged(path, text) {
  const current = await readFile(path, 'utf8').catch(() => undefined)
  if (current === text) return false
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
  return true
}

let changed = 0
// generated sources first: the task definitions import them and the bundles embed them
for (const m of WASM_MODULES) if (await writeIfChanged(join(outRoot, m.ts), await wasmModule(m))) changed++
if (await writeIfChanged(join(outRoot, SHAPE_VALIDATOR), await shapeValidatorModule())) changed++
const { bundleTargets, metadataFiles, workerTargets } = await importTs('scripts/targets.ts')
for (const [rel, text] of metadataFiles()) if (await writeIfChanged(join(outRoot, rel), text)) changed++
await writeIfChanged(join(outRoot, 'tasks/package.json'), '{\n  "type": "commonjs"\n}\n')
console.log(`metadata: ${changed} file(s) updated`)

if (!metadataOnly) {
  const targets = bundleTargets()
  await Promise.all(
    targets.map(async (t) => {
      const outfile = join(outRoot, t.outfile)
      // stale chunks from earlier builds must not linger next to the new ones
      if (t.split) await rm(dirname(outfile), { recursive: true, force: true })
      await (t.split ? bundleEsmSplit : t.format === 'esm' ? bundleEsm : bundleCjs)(t.contents, outfile)
    }),
  )
  const workers = workerTargets()
  await Promise.all(workers.map((t) => bundleWorker(t.contents, join(outRoot, t.outfile))))
  // the command: V8's compile cache (Node >= 22.1; in the system's temporary directory) spares later
  // runs compiling the ~1 MB bundle (~15 ms of every start)
  const cli = join(outRoot, 'packages/cli/dist/mlgate.js')
  await writeFile(
    cli,
    [
      '#!/usr/bin/env node',
      '// The mlgate command; its code is in main.js.',
      "import module from 'node:module'",
      "import { startThreadsForLargeInputs } from './early.js'",
      '',
      'module.enableCompileCache?.()',
      '// large CSV inputs are read on worker threads: they boot while the code loads',
      'startThreadsForLargeInputs(process.argv.slice(2))',
      "await import('./main.js')",
      '',
    ].join('\n'),
  )
  await chmod(cli, 0o755)
  console.log(`bundles: ${targets.length} written, and the worker entry beside ${workers.length} of them`)
}
