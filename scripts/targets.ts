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

export function metadataFiles(): Map<string, string> {
  return generateMetadata(TASKS)
}
