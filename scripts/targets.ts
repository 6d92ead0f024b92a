// Everything `npm run build` writes: generated metadata and the entry source of each bundle.
import { TASKS } from '../packages/core/src/tasks/index.ts'
import { azureTaskDir, generateMetadata } from './metadata.ts'

export interface BundleTarget {
  outfile: string
  format: 'esm' | 'cjs'
  /** Split lazily imported dependencies into chunks (actions only: Azure tasks are CommonJS). */
  split?: boolean
  contents: string
}

export function bundleTargets(): BundleTarget[] {
  const targets: BundleTarget[] = []
  for (const t of TASKS) {
    const pick = `const task = Object.values(m).find((x) => x && typeof x === 'object' && x.id === ${JSON.stringify(t.id)})`
    targets.push({
      outfile: `actions/${t.id}/dist/index.js`,
      format: 'esm',
      split: true,
      contents: `import * as m from './packages/core/src/tasks/${t.id}.ts'\nimport { runAction } from './packages/github/src/index.ts'\n${pick}\nawait runAction(task)\n`,
    })
    targets.push({
      outfile: `${azureTaskDir(t)}/dist/index.js`,
      format: 'cjs',
      contents: `import * as m from './packages/core/src/tasks/${t.id}.ts'\nimport { runAzureTask } from './packages/azure/src/index.ts'\n${pick}\nvoid runAzureTask(task)\n`,
    })
  }
  // the CLI's code; packages/cli/dist/mlgate.js, the command itself, is written beside it by build.mjs
  targets.push({ outfile: 'packages/cli/dist/main.js', format: 'esm', contents: `import './packages/cli/src/index.ts'\n` })
  targets.push({ outfile: 'packages/cli/dist/early.js', format: 'esm', contents: `export { startThreadsForLargeInputs } from './packages/cli/src/early.ts'\n` })
  return targets
}

/** The worker threads' entry, bundled beside every bundle that may start threads (after them: a split build empties its directory first). */
export function workerTargets(): BundleTarget[] {
  const dirs = [...TASKS.flatMap((t) => [`actions/${t.id}/dist`, `${azureTaskDir(t)}/dist`]), 'packages/cli/dist']
  return dirs.map((dir) => ({ outfile: `${dir}/${WORKER_FILE}`, format: 'cjs', contents: WORKER_ENTRY }))
}

/** The worker bundle's name; worker/threads.ts looks for it beside the running module. */
export const WORKER_FILE = 'worker.cjs'
export const WORKER_ENTRY = `import './packages/core/src/worker/main.ts'\n`

export function metadataFiles(): Map<string, string> {
  return generateMetadata(TASKS)
}
